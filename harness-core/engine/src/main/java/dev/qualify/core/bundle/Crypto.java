package dev.qualify.core.bundle;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;

/** The Bouncy Castle provider the bundle classes use (an instance, not installed JVM-wide), and naming helpers. */
final class Crypto {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Crypto() {
    }

    /** The public key of a private key as {@link org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter} made it. */
    static PublicKey publicKey(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof EdDSAPrivateKey ed) return ed.getPublicKey();
        if (key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec) {
            ECParameterSpec spec = ec.getParameters();
            return KeyFactory.getInstance("EC", PROVIDER).generatePublic(new ECPublicKeySpec(spec.getG().multiply(ec.getD()).normalize(), spec));
        }
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA", PROVIDER).generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        throw new GeneralSecurityException("cannot derive the public key of a " + key.getAlgorithm() + " key");
    }

    static String curveName(ASN1ObjectIdentifier oid) {
        String name = ECNamedCurveTable.getName(oid);
        return name == null ? "curve " + oid.getId() : name;
    }

    static String algorithmName(ASN1ObjectIdentifier oid) {
        return new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
    }
}
