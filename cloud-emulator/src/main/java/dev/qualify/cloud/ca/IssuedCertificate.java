package dev.qualify.cloud.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate and, when it was generated here, its private key ({@code null} for a certificate issued from a CSR).
 * {@link #toString()} never prints the key.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** PKCS#8 PEM of the private key; throws if there is none. */
    public String privateKeyPem() {
        if (privateKey == null) throw new IllegalStateException("no private key: the certificate was issued from a CSR");
        return Pem.encode(privateKey);
    }

    public String id() {
        return Pem.certificateId(certificate);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName() + ", privateKey=<redacted>]";
    }
}
