package dev.qualify.connectors.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;

/** Fresh key pairs for tests, written in the formats users have: OpenSSH and PEM, with or without passphrase. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair ed25519() {
        return generate(KeyPairProviderType.ED25519);
    }

    static KeyPair ecdsa() {
        return generate(KeyPairProviderType.ECDSA);
    }

    static KeyPair rsa() {
        return generate(KeyPairProviderType.RSA);
    }

    enum KeyPairProviderType { ED25519, ECDSA, RSA }

    private static KeyPair generate(KeyPairProviderType t) {
        try {
            return switch (t) {
                case ED25519 -> KeyUtils.generateKeyPair("ssh-ed25519", 256);
                case ECDSA -> KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
                case RSA -> KeyUtils.generateKeyPair("ssh-rsa", 2048);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code pair} in OpenSSH format, encrypted when {@code passphrase} is not null. */
    static Path writeOpenSsh(KeyPair pair, Path file, String passphrase) throws IOException {
        OpenSSHKeyEncryptionContext ctx = null;
        if (passphrase != null) {
            ctx = new OpenSSHKeyEncryptionContext();
            ctx.setPassword(passphrase);
            ctx.setCipherName("AES");
            ctx.setCipherType("256");
            ctx.setKdfRounds(4);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "qualify-test", ctx, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return file;
    }

    /** Writes {@code pair} as traditional PEM (PKCS#1 / SEC1), encrypted with AES-128-CBC when a passphrase is given. */
    static Path writePem(KeyPair pair, Path file, String passphrase) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            if (passphrase == null) w.writeObject(pair);
            else w.writeObject(pair, new JcePEMEncryptorBuilder("AES-128-CBC").build(passphrase.toCharArray()));
        }
        Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** A known_hosts line for {@code host} and {@code port} with {@code key}. */
    static String knownHostsLine(String host, int port, PublicKey key) {
        String pattern = port == 22 ? host : "[" + host + "]:" + port;
        return pattern + " " + PublicKeyEntry.toString(key);
    }

    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }
}
