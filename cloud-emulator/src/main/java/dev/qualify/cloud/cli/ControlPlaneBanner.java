package dev.qualify.cloud.cli;

import dev.qualify.cloud.rest.ControlPlane;
import dev.qualify.cloud.rest.ControlPlaneCredentials;

import java.io.PrintWriter;

/** What {@code qualify cloud start --control-port} prints about the control plane: where, and how to sign in. */
final class ControlPlaneBanner {
    private ControlPlaneBanner() {
    }

    static void print(PrintWriter out, ControlPlane cp) {
        ControlPlaneCredentials c = cp.credentials();
        out.println("  IoT control plane (AWS REST, SigV4, region " + cp.region() + "): https://localhost:" + cp.endpoint().port());
        out.println("    access key id:     " + c.accessKeyId());
        out.println("    secret access key: " + c.secretAccessKey() + "   (test credentials of this emulated cloud only)");
        out.println("    credentials file:  " + cp.adminCertificate().resolveSibling("credentials") + " (profile " + ControlPlaneCredentials.PROFILE + ")");
        out.println("    or the client certificate " + cp.adminCertificate() + " with its key admin.pem.key");
    }
}
