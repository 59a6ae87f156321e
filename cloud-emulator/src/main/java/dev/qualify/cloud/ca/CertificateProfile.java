package dev.qualify.cloud.ca;

import java.time.Instant;
import java.util.List;

/**
 * What goes into a certificate the {@link CertificateAuthority} issues.
 *
 * @param commonName  subject CN
 * @param dnsNames    subjectAltName DNS entries (may be empty)
 * @param ipAddresses subjectAltName IP entries (may be empty)
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 * @param server      true for serverAuth extended key usage, false for clientAuth
 * @param paddingBytes size of an opaque non-critical extension added to make the certificate larger (0 for none)
 */
public record CertificateProfile(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
                                 Instant notAfter, boolean server, int paddingBytes) {
    public CertificateProfile {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (!notAfter.isAfter(notBefore)) throw new IllegalArgumentException("notAfter must be after notBefore");
        if (paddingBytes < 0) throw new IllegalArgumentException("paddingBytes < 0");
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}, valid from a day ago for {@code days}. */
    public static CertificateProfile loopbackServer(Instant now, int days) {
        return new CertificateProfile("localhost", List.of("localhost"), List.of("127.0.0.1"),
                now.minusSeconds(86_400), now.plusSeconds(86_400L * days), true, 0);
    }

    /** A client certificate with the given CN, valid from a day ago for {@code days}. */
    public static CertificateProfile client(String commonName, Instant now, int days) {
        return new CertificateProfile(commonName, List.of(), List.of(), now.minusSeconds(86_400),
                now.plusSeconds(86_400L * days), false, 0);
    }
}
