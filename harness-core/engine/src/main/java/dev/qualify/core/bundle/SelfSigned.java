package dev.qualify.core.bundle;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The certificate a bundle is signed with when the vendor gives none: self-signed, made from the signing key, so
 * that the bundle is still verifiable for integrity (it proves nothing about who signed it).
 */
final class SelfSigned {
    static final String SUBJECT = "O=not vouched for by any authority,CN=Qualify self-signed bundle signer"; // DER order, so that it reads CN first

    private SelfSigned() {
    }

    static X509Certificate certificate(PrivateKey key, PrivateKeyInfo info, String algorithm) {
        try {
            PublicKey pub = Crypto.publicKey(key);
            Instant now = Instant.now();
            X500Name name = new X500Name(SUBJECT);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pub);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub));
            var holder = b.build(new JcaContentSignerBuilder(algorithm).setProvider(Crypto.PROVIDER).build(key));
            return new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER).getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new BundleException("cannot make a self-signed certificate for the key (" + info.getPrivateKeyAlgorithm().getAlgorithm()
                    + "): " + e.getMessage() + "; give the key's certificate", e);
        }
    }
}
