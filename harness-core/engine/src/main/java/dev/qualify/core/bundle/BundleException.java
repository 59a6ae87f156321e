package dev.qualify.core.bundle;

/**
 * Input a bundle cannot be signed or verified with (a key that cannot be read, a wrong passphrase, a certificate
 * that does not match the key, a directory that is not a signed run): the message names the file and what to do.
 * The CLI exits 2 on it.
 */
public final class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
