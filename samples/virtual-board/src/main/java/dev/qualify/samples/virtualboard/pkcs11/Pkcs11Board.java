package dev.qualify.samples.virtualboard.pkcs11;

import dev.qualify.samples.virtualboard.Macros;
import dev.qualify.samples.virtualboard.unity.TestGroup;

import java.nio.file.Path;
import java.util.List;

/**
 * How the board's firmware runs FLIT's {@code Full_PKCS11_RSA} / {@code Full_PKCS11_EC} groups: from the image's
 * {@code PKCS11_TEST_*} macros it starts the {@link SecureElement} (one per boot) and appends the groups FLIT's
 * {@code RunPkcs11Test()} runs after the core ones.
 */
public final class Pkcs11Board {

    /** {@code --pkcs11-fail-rsa}: {@code PKCS11_RSA_Sign} signs a hash with one bit flipped, so it does not verify. */
    private static volatile boolean failRsa;

    private Pkcs11Board() {
    }

    public static void failRsa(boolean on) {
        failRsa = on;
    }

    /** Where a line of the boot log goes. */
    @FunctionalInterface
    public interface Log {
        void line(String text) throws InterruptedException;
    }

    /**
     * Adds the object groups the macros enable to {@code groups} and returns the secure element to close after the
     * run, or null when none was needed or it could not start (said on the log; the cases then are not printed).
     */
    public static SecureElement objectGroups(Log log, Path flash, Macros m, List<TestGroup> groups)
            throws InterruptedException {
        SecureElement.Options o = new SecureElement.Options(m.enabled("PKCS11_TEST_RSA_KEY_SUPPORT"),
                m.enabled("PKCS11_TEST_EC_KEY_SUPPORT"), m.enabled("PKCS11_TEST_IMPORT_PRIVATE_KEY_SUPPORT"),
                m.enabled("PKCS11_TEST_GENERATE_KEYPAIR_SUPPORT"), m.enabled("PKCS11_TEST_PREPROVISIONED_SUPPORT"),
                label(m, "PKCS11_TEST_LABEL_DEVICE_PRIVATE_KEY_FOR_TLS", "Device Priv TLS Key"),
                label(m, "PKCS11_TEST_LABEL_DEVICE_PUBLIC_KEY_FOR_TLS", "Device Pub TLS Key"),
                label(m, "PKCS11_TEST_LABEL_DEVICE_CERTIFICATE_FOR_TLS", "Device Cert"), failRsa);
        if (!o.rsa() && !o.ec()) {
            return null;
        }
        Path dir = flash.toAbsolutePath().resolveSibling(flash.getFileName() + ".softhsm");
        SecureElement se;
        try {
            se = SecureElement.start(dir, o);
        } catch (java.io.IOException e) {
            log.line("PKCS11: secure element unavailable, Full_PKCS11_RSA/EC not run: " + e.getMessage());
            return null;
        }
        log.line("PKCS11: secure element: " + se.description() + (failRsa ? " (--pkcs11-fail-rsa)" : ""));
        if (o.preprovisioned()) {
            String key = se.publicKeyHex();
            log.line("PKCS11: pre-provisioned public key (DER, hex): " + (key == null ? "none" : key));
        }
        groups.addAll(se.groups(o));
        return se;
    }

    private static String label(Macros m, String name, String fallback) {
        String v = m.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
