package io.airlock.installer.cluster;

/**
 * The Kubernetes distributions Airlock tells apart, because they differ in what a registry needs.
 */
public enum Distro {
  K3S("k3s"),
  RKE2("RKE2"),
  K0S("k0s"),
  TALOS("Talos"),
  OPENSHIFT("OpenShift"),
  KIND("kind"),
  EKS("EKS"),
  AKS("AKS"),
  GKE("GKE"),
  KUBEADM("kubeadm"),
  OTHER("other");

  private final String display;

  Distro(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }
}
