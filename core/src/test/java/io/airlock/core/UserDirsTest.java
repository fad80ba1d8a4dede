package io.airlock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows' rules and Linux's, both checked here: paths with spaces and drive letters. */
class UserDirsTest {

  private static final String PROFILE = "C:\\Users\\Field Engineer";

  private static UserDirs windows(Map<String, String> env) {
    return new UserDirs(true, env, PROFILE);
  }

  @Test
  void windowsKeepsBundlesAndReportsUnderLocalAppData() {
    UserDirs dirs = windows(Map.of("LOCALAPPDATA", "D:\\Profiles\\Field Engineer\\AppData\\Local"));
    assertEquals(
        "D:\\Profiles\\Field Engineer\\AppData\\Local\\airlock\\bundles",
        dirs.cache("airlock", "bundles").toString());
    assertEquals(
        "D:\\Profiles\\Field Engineer\\AppData\\Local\\airlock\\reports",
        dirs.state("airlock", "reports").toString());
    // Without LOCALAPPDATA: where Windows puts it, under the profile.
    assertEquals(
        PROFILE + "\\AppData\\Local\\airlock\\bundles",
        windows(Map.of()).cache("airlock", "bundles").toString());
    // XDG variables mean nothing on Windows.
    assertEquals(
        PROFILE + "\\AppData\\Local\\airlock\\reports",
        windows(Map.of("XDG_STATE_HOME", "/tmp/x")).state("airlock", "reports").toString());
  }

  @Test
  void windowsKubeconfigIsInTheProfileAndKubeconfigListsSplitOnSemicolons() {
    assertEquals(List.of(Path.of(PROFILE + "\\.kube\\config")), windows(Map.of()).kubeconfigs());
    // Drive letters hold a ':' that is no separator on Windows.
    assertEquals(
        List.of(Path.of("C:\\Program Files\\k3s\\k3s.yaml"), Path.of("D:\\kube configs\\lab")),
        windows(Map.of("KUBECONFIG", "C:\\Program Files\\k3s\\k3s.yaml;D:\\kube configs\\lab"))
            .kubeconfigs());
  }

  @Test
  void linuxFollowsXdgAndKubectl() {
    UserDirs bare = new UserDirs(false, Map.of(), "/home/field engineer");
    assertEquals(
        "/home/field engineer/.cache/airlock/bundles", bare.cache("airlock", "bundles").toString());
    assertEquals(
        "/home/field engineer/.local/state/airlock/reports",
        bare.state("airlock", "reports").toString());
    assertEquals(List.of(Path.of("/home/field engineer/.kube/config")), bare.kubeconfigs());
    UserDirs xdg =
        new UserDirs(
            false,
            Map.of(
                "XDG_CACHE_HOME",
                "/var/cache/u",
                "XDG_STATE_HOME",
                "/var/state/u",
                "KUBECONFIG",
                "/a:/b c"),
            "/home/u");
    assertEquals("/var/cache/u/airlock/bundles", xdg.cache("airlock", "bundles").toString());
    assertEquals("/var/state/u/airlock/reports", xdg.state("airlock", "reports").toString());
    assertEquals(List.of(Path.of("/a"), Path.of("/b c")), xdg.kubeconfigs());
  }
}
