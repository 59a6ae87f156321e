package dev.qualify.core.bundle;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Keys and certificates made for a test with Bouncy Castle, written as PEM in the forms vendors have them. */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519", Crypto.PROVIDER).generateKeyPair();
    }

    public static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    public static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", Crypto.PROVIDER);
        g.initialize(bits);
        return g.generateKeyPair();
    }

    public static String algorithm(KeyPair k) {
        return switch (k.getPublic().getAlgorithm()) {
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "RSA" -> "SHA256withRSA";
            default -> "SHA256withECDSA";
        };
    }

    /** Unencrypted PKCS #8 ({@code PRIVATE KEY}). */
    public static Path pkcs8(Path file, KeyPair k) throws Exception {
        return pem(file, new JcaPKCS8Generator(k.getPrivate(), null));
    }

    /** Encrypted PKCS #8 ({@code ENCRYPTED PRIVATE KEY}, PBES2 with AES-256-CBC), as {@code openssl genpkey -aes256} writes. */
    public static Path encryptedPkcs8(Path file, KeyPair k, String passphrase) throws Exception {
        var enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(Crypto.PROVIDER)
                .setPassword(passphrase.toCharArray()).build();
        return pem(file, new JcaPKCS8Generator(k.getPrivate(), enc));
    }

    /** OpenSSL's traditional form ({@code EC PRIVATE KEY}), optionally encrypted with {@code DEK-Info}. */
    public static Path traditional(Path file, KeyPair k, String passphraseOrNull) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            if (passphraseOrNull == null) {
                p.writeObject(new JcaMiscPEMGenerator(k));
            } else {
                p.writeObject(new JcaMiscPEMGenerator(k, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(Crypto.PROVIDER)
                        .build(passphraseOrNull.toCharArray())));
            }
        }
        Files.writeString(file, w.toString());
        return file;
    }

    /** A certificate for {@code subject} issued by {@code issuer} (self-signed when it is the same key pair). */
    public static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean ca) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        var holder = b.build(new JcaContentSignerBuilder(algorithm(issuerKey)).setProvider(Crypto.PROVIDER).build(issuerKey.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    public static Path write(Path file, X509Certificate... certs) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (X509Certificate c : certs) p.writeObject(c);
        }
        Files.writeString(file, w.toString());
        return file;
    }

    private static Path pem(Path file, Object generator) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) generator);
        }
        Files.writeString(file, w.toString());
        return file;
    }
}
