package dev.qualify.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reading X.509 certificates (PEM or DER, one or a chain per file) and naming them the way people compare them. */
public final class Certificates {
    private Certificates() {
    }

    /**
     * @return the certificates of {@code file} in file order (the signer first, when it is a chain)
     * @throws BundleException naming the file when it cannot be read or holds no certificate
     */
    public static List<X509Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new BundleException(file + ": no certificate in it; give a PEM or DER X.509 certificate");
            return out;
        } catch (IOException e) {
            throw new BundleException(file + ": cannot read the certificate: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new BundleException(file + ": not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint of the DER certificate in upper-case hex pairs, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** {@code subject (SHA-256 fingerprint AB:CD:...)}. */
    public static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + " (SHA-256 fingerprint " + fingerprint(c) + ")";
    }
}
