package dev.qualify.suites.freertos.echo;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keys, certificates and PEM for the TLS echo server and the OTA code signer: generated with Bouncy Castle's
 * certificate builder (the JDK has none), read from a user's PEM files (certificates; PKCS #8, SEC 1 or PKCS #1
 * keys), and written the way a FreeRTOS port expects them in {@code test_param_config.h}.
 */
public final class Pki {

    /** {@code eccCurveFormat} to the JCA curve name. */
    public static final Map<String, String> CURVES = Map.of("P224", "secp224r1", "P256", "secp256r1",
            "P384", "secp384r1", "P521", "secp521r1");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {
    }

    /** A key pair: {@code "RSA"} (2048 bits) or {@code "EC"} on {@code curve} (an {@link #CURVES} key). */
    public static KeyPair generate(String method, String curve) {
        try {
            if (method.equalsIgnoreCase("RSA")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                return g.generateKeyPair();
            }
            String name = CURVES.get(curve.toUpperCase(Locale.ROOT));
            if (name == null) {
                throw new IllegalArgumentException("unknown curve " + curve + "; one of " + CURVES.keySet());
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(name), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + method + " key (" + curve + "): " + e.getMessage(), e);
        }
    }

    /** The signature algorithm a key signs certificates with. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    /**
     * A certificate for {@code subject}'s public key issued by {@code issuerKey} ({@code issuer == null}: self
     * signed).
     *
     * @param ca      a CA certificate (basic constraints CA, key usage certificate signing)
     * @param altName a subject alternative name (an IP address or a DNS name), or null
     */
    public static X509Certificate issue(String subject, PublicKey subjectKey, X509Certificate issuer,
                                        PrivateKey issuerKey, boolean ca, boolean client, String altName,
                                        Duration validity) {
        try {
            X500Name subjectName = new X500Name(subject);
            X500Name issuerName = issuer == null ? subjectName : X500Name.getInstance(
                    issuer.getSubjectX500Principal().getEncoded());
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(validity)), subjectName, subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            int usage = KeyUsage.digitalSignature | (ca ? KeyUsage.keyCertSign : 0)
                    | (subjectKey.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (!ca || client) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(client
                        ? new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}));
            }
            if (altName != null) {
                GeneralName n = isIp(altName) ? new GeneralName(GeneralName.iPAddress, altName)
                        : new GeneralName(GeneralName.dNSName, altName);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(n));
            }
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey))
                    .build(issuerKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    /** PEM of a certificate, a key (as PKCS #8 {@code PRIVATE KEY}) or anything else BC writes; LF line ends. */
    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            if (o instanceof PrivateKey k) {
                w.writeObject(new JcaPKCS8Generator(k, null));
            } else {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().replace("\r\n", "\n");
    }

    /** Every certificate of a PEM file. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o;
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    try {
                        out.add(conv.getCertificate(h));
                    } catch (GeneralSecurityException e) {
                        throw new IOException(file + ": bad certificate: " + e.getMessage(), e);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return out;
    }

    /** The private key of a PEM file (PKCS #8 {@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o;
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            while ((o = p.readObject()) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return conv.getPrivateKey(kp.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
            }
        }
        throw new IOException(file + " holds no unencrypted PEM private key");
    }

    /** A C string literal of a PEM text, one line, with {@code \n} line ends, as FLIT's templates show them. */
    public static String cPem(String pem) {
        String text = pem.replace("\r\n", "\n");
        if (!text.endsWith("\n")) {
            text = text + "\n";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** A C initializer of bytes: {@code { 0x30, 0x45, ... }}. */
    public static String cBytes(byte[] bytes) {
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(String.format("0x%02x", bytes[i] & 0xFF));
        }
        return b.append(" }").toString();
    }

    /** Resolves a host name of a subject alternative name (loopback when null). */
    static String altName(InetAddress address) {
        return address.getHostAddress();
    }
}
