package dev.qualify.cloud.fault;

import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;

import java.time.Instant;
import java.util.List;

/** The kinds of bad server certificate an extra listener can serve, after Device Advisor's TLS tests. */
public enum BadServerCertificate {
    /** Signed by the run's CA, but names {@code wrong-name.invalid} instead of localhost / 127.0.0.1. */
    WRONG_NAME,
    /** Correct names, signed by a CA the device does not trust. */
    UNTRUSTED_CA,
    /** Correct names and CA, validity ended yesterday. */
    EXPIRED,
    /** Correct names and CA, padded to about 8 KiB (a device must still complete the handshake). */
    OVERSIZED;

    /** Issues this kind of certificate for a loopback server, from the run's CA (or an impostor CA). */
    public IssuedCertificate issue(CertificateAuthority ca, Instant now) {
        CertificateProfile good = CertificateProfile.loopbackServer(now, 30);
        return switch (this) {
            case WRONG_NAME -> ca.issue(new CertificateProfile("wrong-name.invalid", List.of("wrong-name.invalid"),
                    List.of("192.0.2.1"), good.notBefore(), good.notAfter(), true, 0));
            case UNTRUSTED_CA -> CertificateAuthority.issueSelfSignedImpostor(good);
            case EXPIRED -> ca.issue(new CertificateProfile("localhost", good.dnsNames(), good.ipAddresses(),
                    now.minusSeconds(86_400L * 30), now.minusSeconds(86_400), true, 0));
            case OVERSIZED -> ca.issue(new CertificateProfile("localhost", good.dnsNames(), good.ipAddresses(),
                    good.notBefore(), good.notAfter(), true, 8 * 1024));
        };
    }
}
