package io.airlock.installer.plan;

import io.airlock.installer.cluster.ClusterFacts;
import io.airlock.installer.mirrors.MirrorTarget;
import io.airlock.installer.mode.ModeChoice;
import io.airlock.installer.pki.PkiManager;
import java.time.Instant;

/**
 * Everything a plan is made from.
 *
 * @param pki the certificates of this run, or null for an external registry
 * @param seed the injector's binaries and payload, or null when not given (the plan then says so)
 * @param external the user's registry (mode external), or null
 * @param existing what the cluster already holds
 */
public record PlanInput(
    String namespace,
    ModeChoice mode,
    ClusterFacts facts,
    BundleSummary bundle,
    RegistrySettings registry,
    boolean allowPrivilegedNamespace,
    MirrorTarget external,
    PkiManager.Outcome pki,
    SeedInput seed,
    ExistingObjects existing,
    String airlockVersion,
    Instant now) {}
