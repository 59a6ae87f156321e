package dev.qualify.cloud.ca;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * PEM encoding and decoding with Bouncy Castle. Private keys are written as PKCS#8 ({@code PRIVATE KEY}),
 * which OpenSSL, mosquitto, Netty and the JDK all read.
 */
public final class Pem {
    private Pem() {
    }

    /** PEM text of a certificate, key (PKCS#8) or CSR. */
    public static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The first certificate in PEM text. */
    public static X509Certificate certificate(String pem) {
        Object o = read(pem);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("bad certificate: " + e.getMessage(), e);
        }
    }

    /** A private key in PEM text (PKCS#8 or traditional OpenSSL format). */
    public static PrivateKey privateKey(String pem) {
        Object o = read(pem);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad private key", e);
        }
        // never include the text: it may be a key
        throw new IllegalArgumentException("not a PEM private key");
    }

    /** A PKCS#10 certificate signing request in PEM text. */
    public static PKCS10CertificationRequest csr(String pem) {
        Object o = read(pem);
        if (!(o instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("not a PEM certificate signing request");
        }
        return csr;
    }

    /** The IoT-Core-style certificate id: lower-case hex SHA-256 of the DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(String pem) {
        if (pem == null) throw new IllegalArgumentException("PEM text is null");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) throw new IllegalArgumentException("no PEM object found");
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
        }
    }
}
