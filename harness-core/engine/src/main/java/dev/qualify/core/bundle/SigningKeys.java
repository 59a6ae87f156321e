package dev.qualify.core.bundle;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a vendor's signing key and certificate. Keys are PEM: PKCS #8 ({@code PRIVATE KEY}, or
 * {@code ENCRYPTED PRIVATE KEY} with a passphrase) or OpenSSL's traditional forms ({@code EC PRIVATE KEY},
 * {@code RSA PRIVATE KEY}, also encrypted with {@code Proc-Type}/{@code DEK-Info}). The passphrase is read from an
 * environment variable, never from the command line, and never appears in a message. Accepted keys: Ed25519, ECDSA
 * on P-256 (prime256v1) and RSA of 2048 bits or more. Every problem is a {@link BundleException} naming the file.
 */
public final class SigningKeys {
    private static final int MIN_RSA_BITS = 2048;

    private SigningKeys() {
    }

    /** How the command names its options, so messages point at the right one. */
    public record OptionNames(String key, String cert, String passphraseEnv) {
        public static final OptionNames RUN = new OptionNames("--sign-key", "--sign-cert", "--sign-passphrase-env");
        public static final OptionNames REPORT_SIGN = new OptionNames("--key", "--cert", "--passphrase-env");
    }

    /**
     * @param keyFile       the PEM private key
     * @param certFile      the signer's certificate (optionally followed by intermediates), or null to make a
     *                      self-signed certificate from the key
     * @param passphraseEnv the name of the environment variable holding the key's passphrase, or null
     * @param env           the environment
     * @throws BundleException when the key cannot be read or used, the passphrase is missing or wrong, or the
     *                         certificate does not match the key or is not valid now
     */
    public static SigningIdentity load(Path keyFile, Path certFile, String passphraseEnv, Map<String, String> env, OptionNames names) {
        PrivateKeyInfo info = readKey(keyFile, passphraseEnv, env, names);
        String algorithm = algorithm(keyFile, info);
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().setProvider(Crypto.PROVIDER).getPrivateKey(info);
        } catch (IOException e) {
            throw new BundleException(keyFile + ": cannot use the private key: " + e.getMessage(), e);
        }
        if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new BundleException(keyFile + ": an RSA key of " + rsa.getModulus().bitLength() + " bits is too weak to sign with;"
                    + " use Ed25519 or ECDSA P-256 (openssl genpkey -algorithm ed25519), or RSA of " + MIN_RSA_BITS + " bits or more");
        }
        if (certFile == null) {
            return new SigningIdentity(key, algorithm, List.of(SelfSigned.certificate(key, info, algorithm)), true, keyFile.toString());
        }
        List<X509Certificate> chain = Certificates.read(certFile);
        X509Certificate cert = chain.get(0);
        if (!matches(key, algorithm, cert)) {
            throw new BundleException(certFile + ": this certificate (" + Certificates.describe(cert) + ") is not the certificate of the key "
                    + keyFile + "; give " + names.cert() + " the certificate issued for this key (the signer's first, then any intermediates)");
        }
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new BundleException(certFile + ": the certificate is valid from " + cert.getNotBefore() + " to " + cert.getNotAfter()
                    + ", not now; a signature made with it would not verify. Sign with a current certificate");
        }
        return new SigningIdentity(key, algorithm, chain, false, keyFile.toString());
    }

    private static PrivateKeyInfo readKey(Path keyFile, String passphraseEnv, Map<String, String> env, OptionNames names) {
        Object pem;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            pem = parser.readObject();
        } catch (IOException e) {
            throw new BundleException(keyFile + ": cannot read the private key (" + e.getMessage() + "); give " + names.key()
                    + " a PEM private key (PKCS #8, or OpenSSL's EC/RSA PRIVATE KEY)", e);
        }
        try {
            if (pem instanceof PrivateKeyInfo info) return info;
            if (pem instanceof PEMKeyPair pair) return pair.getPrivateKeyInfo();
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                char[] pass = passphrase(keyFile, passphraseEnv, env, names);
                try {
                    return enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.PROVIDER).build(pass));
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }
            if (pem instanceof PEMEncryptedKeyPair enc) {
                char[] pass = passphrase(keyFile, passphraseEnv, env, names);
                try {
                    return enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Crypto.PROVIDER).build(pass)).getPrivateKeyInfo();
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }
        } catch (PKCSException | IOException | OperatorCreationException e) {
            throw new BundleException(keyFile + ": cannot decrypt the private key with the passphrase in $" + passphraseEnv
                    + " (wrong passphrase?); set " + passphraseEnv + " to the key's passphrase", e);
        }
        String what = pem == null ? "no PEM object" : "a " + pem.getClass().getSimpleName().replace("Holder", "") + ", not a private key";
        throw new BundleException(keyFile + ": " + what + "; give " + names.key() + " a PEM private key (PKCS #8, or OpenSSL's EC/RSA PRIVATE KEY)");
    }

    private static char[] passphrase(Path keyFile, String passphraseEnv, Map<String, String> env, OptionNames names) {
        if (passphraseEnv == null) {
            throw new BundleException(keyFile + ": the private key is encrypted; name the environment variable that holds its passphrase with "
                    + names.passphraseEnv() + " VAR");
        }
        String value = env.get(passphraseEnv);
        if (value == null || value.isEmpty()) {
            throw new BundleException(keyFile + ": the private key is encrypted and the environment variable " + passphraseEnv + " ("
                    + names.passphraseEnv() + ") is " + (value == null ? "not set" : "empty") + "; export it with the key's passphrase");
        }
        return value.toCharArray();
    }

    private static String algorithm(Path keyFile, PrivateKeyInfo info) {
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) return "Ed25519";
        if (PKCSObjectIdentifiers.rsaEncryption.equals(alg)) return "SHA256withRSA";
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            var params = info.getPrivateKeyAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(params)) return "SHA256withECDSA";
            String curve = params instanceof ASN1ObjectIdentifier oid ? Crypto.curveName(oid) : "explicit parameters";
            throw new BundleException(keyFile + ": an ECDSA key on " + curve + "; Qualify signs with Ed25519, ECDSA on P-256 (prime256v1)"
                    + " or RSA: make one with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
        }
        throw new BundleException(keyFile + ": a " + Crypto.algorithmName(alg) + " key; Qualify signs with Ed25519, ECDSA on P-256"
                + " (prime256v1) or RSA: make one with openssl genpkey -algorithm ed25519");
    }

    /** Whether {@code cert} holds the public key of {@code key}: a fresh challenge signed with the key verifies with it. */
    private static boolean matches(PrivateKey key, String algorithm, X509Certificate cert) {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature s = Signature.getInstance(algorithm, Crypto.PROVIDER);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm, Crypto.PROVIDER);
            v.initVerify(cert.getPublicKey());
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a certificate of another key type
        }
    }
}
