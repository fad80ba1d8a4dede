package io.airlock.core.sample;

/** A sample Helm chart: its packaged archive and the config Helm pushes with it to a registry. */
record Chart(String name, String version, String fileName, byte[] archive, byte[] configJson) {}
