package dev.qualify.cloud.ca;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A certificate authority made with Bouncy Castle: a fresh self-signed root (EC P-256) or a user-given one.
 * Issues server certificates, client certificates with generated keys, and client certificates from CSRs.
 *
 * <p>Thread-safe. Never logs or prints its private key.
 */
public final class CertificateAuthority {
    /** The file names used by {@link #save(Path)} and {@link #load(Path)} inside a directory. */
    public static final String CERT_FILE = "root-ca.pem";
    public static final String KEY_FILE = "root-ca.key";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A fresh self-signed root CA with the given common name, valid ten years from a day ago. */
    public static CertificateAuthority generate(String commonName) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + escape(commonName) + ",O=Qualify emulated cloud");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minusSeconds(86_400)), Date.from(now.plusSeconds(86_400L * 3650)), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer(keys.getPrivate())));
            return new CertificateAuthority(cert, keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a CA: " + e.getMessage(), e);
        }
    }

    /** A CA from PEM text of its certificate and private key. */
    public static CertificateAuthority of(String certificatePem, String privateKeyPem) {
        X509Certificate cert = Pem.certificate(certificatePem);
        if (cert.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the given certificate is not a CA (basicConstraints CA=false)");
        }
        return new CertificateAuthority(cert, Pem.privateKey(privateKeyPem));
    }

    /** Reads {@link #CERT_FILE} and {@link #KEY_FILE} from a directory. */
    public static CertificateAuthority load(Path dir) throws IOException {
        return of(Files.readString(dir.resolve(CERT_FILE)), Files.readString(dir.resolve(KEY_FILE)));
    }

    /** Writes {@link #CERT_FILE} and {@link #KEY_FILE} (owner-only permissions) into a directory. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CERT_FILE), certificatePem());
        SecretFiles.writeOwnerOnly(dir.resolve(KEY_FILE), Pem.encode(privateKey));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** Generates a key pair and a certificate for it. */
    public IssuedCertificate issue(CertificateProfile profile) {
        KeyPair keys = newKeyPair();
        return new IssuedCertificate(sign(profile, keys.getPublic(), certificate, privateKey), keys.getPrivate());
    }

    /** Issues a client certificate for the public key of a CSR after checking the CSR's signature. */
    public IssuedCertificate issueFromCsr(String csrPem, Instant now, int days) {
        PKCS10CertificationRequest csr = Pem.csr(csrPem);
        try {
            PublicKey key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("the CSR's signature does not verify");
            }
            String cn = csr.getSubject().toString();
            CertificateProfile profile = new CertificateProfile(cn.isEmpty() ? "device" : cn.replaceFirst("^CN=", ""),
                    List.of(), List.of(), now.minusSeconds(86_400), now.plusSeconds(86_400L * days), false, 0);
            return new IssuedCertificate(sign(profile, key, certificate, privateKey), null);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot issue from CSR: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a certificate signed by a throw-away key that claims this CA's name: chains to nothing a client
     * trusts. Used for the "untrusted CA" listener.
     */
    public static IssuedCertificate issueSelfSignedImpostor(CertificateProfile profile) {
        CertificateAuthority other = generate("Qualify untrusted CA");
        return other.issue(profile);
    }

    /** A new EC P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(CertificateProfile p, PublicKey subjectKey, X509Certificate issuer, PrivateKey issuerKey) {
        try {
            X500Name subject = new X500Name("CN=" + escape(p.commonName()));
            X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, serial(),
                    Date.from(p.notBefore()), Date.from(p.notAfter()), subject, spki);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(p.server() ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            List<GeneralName> names = new ArrayList<>();
            p.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            p.ipAddresses().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            if (p.paddingBytes() > 0) {
                byte[] pad = new byte[p.paddingBytes()];
                RANDOM.nextBytes(pad);
                // a private-arc OID, non-critical: clients ignore it but must receive and parse the larger certificate
                builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1"), false, new DEROctetString(pad));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        String alg = "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaContentSignerBuilder(alg).build(key);
    }

    private static BigInteger serial() {
        return new BigInteger(120, RANDOM).add(BigInteger.ONE);
    }

    private static String escape(String cn) {
        return cn.replaceAll("([,+\"\\\\<>;=])", "\\\\$1");
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }

}
