package dev.qualify.connectors.ssh;

import dev.qualify.api.support.Secrets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to log in to one SSH endpoint: with a private key (ed25519, ECDSA or RSA; OpenSSH or PEM format; optionally
 * encrypted with {@code passphrase}) or with a password.
 *
 * <p>{@link #toString()} never shows the passphrase or password; neither does any message built from this record.
 *
 * @param method     which credential is offered
 * @param privateKey the private key file; set when {@code method} is {@link Method#KEY}
 * @param passphrase the key's passphrase, or null when the key is not encrypted
 * @param password   the password; set when {@code method} is {@link Method#PASSWORD}
 */
public record SshAuth(Method method, Path privateKey, String passphrase, String password) {

    /** The authentication method; the config writes {@code key} or {@code password} (IDT: {@code pki}). */
    public enum Method { KEY, PASSWORD }

    public SshAuth {
        Objects.requireNonNull(method, "method");
        if (method == Method.KEY && privateKey == null) throw new IllegalArgumentException("key auth needs a private key file");
        if (method == Method.PASSWORD && password == null) throw new IllegalArgumentException("password auth needs a password");
    }

    public static SshAuth key(Path privateKey, String passphrase) {
        return new SshAuth(Method.KEY, privateKey, passphrase, null);
    }

    public static SshAuth password(String password) {
        return new SshAuth(Method.PASSWORD, null, null, password);
    }

    @Override
    public String toString() {
        return method == Method.KEY
                ? "key " + privateKey + (passphrase == null ? "" : " (passphrase " + Secrets.REDACTED + ")")
                : "password " + Secrets.REDACTED;
    }
}
