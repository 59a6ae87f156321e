package dev.qualify.core.bundle;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A vendor's signing key with its certificate chain, as {@link SigningKeys#load} read it.
 *
 * @param key        the private key (Ed25519, ECDSA P-256 or RSA of 2048 bits or more)
 * @param algorithm  the JCA signature algorithm for the key: {@code Ed25519}, {@code SHA256withECDSA} or
 *                   {@code SHA256withRSA}
 * @param chain      the signer's certificate first, then any intermediates; never empty
 * @param selfSigned true when the certificate was made from the key because none was given
 * @param keyFile    where the key came from, for messages
 */
public record SigningIdentity(PrivateKey key, String algorithm, List<X509Certificate> chain, boolean selfSigned, String keyFile) {
    public SigningIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("a signing identity needs its certificate");
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "SigningIdentity[" + algorithm + ", " + Certificates.describe(certificate()) + "]"; // never the key
    }
}
