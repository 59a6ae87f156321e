package dev.qualify.connectors.ssh;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Iterator;

/**
 * Reads a private key file: OpenSSH ({@code -----BEGIN OPENSSH PRIVATE KEY-----}) or PEM (PKCS#1, SEC1, PKCS#8),
 * ed25519, ECDSA or RSA, encrypted or not. ed25519 needs Bouncy Castle on the class path (it is a dependency of
 * this module). Messages name the file, never the passphrase.
 */
public final class KeyPairLoader {
    private KeyPairLoader() {
    }

    /** A key that could not be read; {@link #passphraseProblem()} when the passphrase is missing or wrong. */
    public static final class KeyLoadException extends Exception {
        private final boolean passphraseProblem;

        KeyLoadException(String message, boolean passphraseProblem, Throwable cause) {
            super(message, cause);
            this.passphraseProblem = passphraseProblem;
        }

        public boolean passphraseProblem() {
            return passphraseProblem;
        }
    }

    /**
     * @param passphrase the passphrase of an encrypted key, or null
     * @return the first key pair in the file
     */
    public static KeyPair load(Path file, String passphrase) throws KeyLoadException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyLoadException("cannot read private key file " + file + ": " + e.getMessage(), false, e);
        }
        boolean encrypted = isEncrypted(content);
        if (encrypted && (passphrase == null || passphrase.isEmpty())) {
            throw new KeyLoadException("private key " + file + " is encrypted and no passphrase is given", true, null);
        }
        FilePasswordProvider provider = passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, provider);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new KeyLoadException("no private key found in " + file, false, null);
            }
            return it.next();
        } catch (KeyLoadException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (encrypted) {
                throw new KeyLoadException("cannot decrypt private key " + file + ": wrong passphrase?", true, e);
            }
            throw new KeyLoadException("cannot read private key " + file + " (" + e.getClass().getSimpleName()
                    + "): not an OpenSSH or PEM private key?", false, e);
        }
    }

    /** Whether a key file is passphrase-protected, from its PEM headers or the OpenSSH key's cipher name. */
    static boolean isEncrypted(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED")) return true; // "Proc-Type: 4,ENCRYPTED" or "BEGIN ENCRYPTED PRIVATE KEY"
        String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        int start = text.indexOf(begin);
        if (start < 0) return false;
        int end = text.indexOf("-----END", start + begin.length());
        if (end < 0) return false;
        try {
            byte[] blob = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
            // "openssh-key-v1\0" then string ciphername (uint32 length + bytes)
            int off = "openssh-key-v1".length() + 1;
            if (blob.length < off + 4) return false;
            int len = ((blob[off] & 0xff) << 24) | ((blob[off + 1] & 0xff) << 16) | ((blob[off + 2] & 0xff) << 8) | (blob[off + 3] & 0xff);
            if (len < 0 || blob.length < off + 4 + len) return false;
            String cipher = new String(blob, off + 4, len, StandardCharsets.US_ASCII);
            return !cipher.equals("none");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
