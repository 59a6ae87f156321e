package dev.qualify.samples.virtualboard.pkcs11;

import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;
import dev.qualify.samples.virtualboard.unity.UnityFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** FLIT's RSA and EC object cases against a real SoftHSM2 token in the board's secure element process. */
class SecureElementTest {
    @TempDir
    Path dir;

    private static SecureElement.Options options(boolean rsa, boolean ec, boolean imp, boolean gen, boolean pre, boolean failRsa) {
        return new SecureElement.Options(rsa, ec, imp, gen, pre, "Device Priv TLS Key", "Device Pub TLS Key", "Device Cert", failRsa);
    }

    /** Runs the groups as the board's Unity runner does; case name to null (pass) or the failure message. */
    private static Map<String, String> run(SecureElement se, SecureElement.Options o) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (TestGroup g : se.groups(o)) {
            g.beforeGroup().run();
            for (TestCase c : g.cases()) {
                try {
                    c.body().run(false);
                    out.put(g.name() + "." + c.name(), "PASS");
                } catch (UnityFailure f) {
                    out.put(g.name() + "." + c.name(), f.getMessage());
                }
            }
        }
        return out;
    }

    @Test
    void everyObjectCaseFlitRunsPassesOnTheToken() throws Exception {
        SecureElement.Options o = options(true, true, true, true, false, false);
        try (SecureElement se = SecureElement.start(dir, o)) {
            assertThat(se.description()).contains("SoftHSM2 token 'test'");
            Map<String, String> r = run(se, o);
            assertThat(r).hasSize(17);
            assertThat(r.values()).containsOnly("PASS");
            assertThat(r.keySet()).startsWith("Full_PKCS11_RSA.PKCS11_RSA_CreateObject");
        }
        assertThat(Files.isRegularFile(dir.resolve("test/initialised"))).isTrue();
    }

    @Test
    void failRsaFailsOnlyTheRsaSignCase() throws Exception {
        SecureElement.Options o = options(true, true, true, false, false, true);
        try (SecureElement se = SecureElement.start(dir, o)) {
            Map<String, String> r = run(se, o);
            assertThat(r.entrySet().stream().filter(e -> !e.getValue().equals("PASS")).map(Map.Entry::getKey))
                    .containsExactly("Full_PKCS11_RSA.PKCS11_RSA_Sign");
            assertThat(r.get("Full_PKCS11_RSA.PKCS11_RSA_Sign")).contains("mbedTLS failed to parse valid RSA key (verification)");
        }
    }

    @Test
    void aPreProvisionedTokenKeepsItsKeyAcrossBootsAndReportsIt() throws Exception {
        SecureElement.Options o = options(false, true, false, false, true, false);
        String key;
        try (SecureElement se = SecureElement.start(dir, o)) {
            key = se.publicKeyHex();
            assertThat(key).startsWith("3059301306072a8648ce3d0201");
            Map<String, String> r = run(se, o);
            assertThat(r.keySet()).containsExactly("Full_PKCS11_EC.PKCS11_EC_FindObject", "Full_PKCS11_EC.PKCS11_EC_GetAttributeValue",
                    "Full_PKCS11_EC.PKCS11_EC_Sign", "Full_PKCS11_EC.PKCS11_EC_Verify", "Full_PKCS11_EC.PKCS11_EC_FindObjectMultiThread",
                    "Full_PKCS11_EC.PKCS11_EC_GetAttributeValueMultiThread", "Full_PKCS11_EC.PKCS11_EC_SignVerifyMultiThread");
            assertThat(r.values()).containsOnly("PASS");
        }
        try (SecureElement se = SecureElement.start(dir, o)) {
            assertThat(se.publicKeyHex()).isEqualTo(key);
        }
        assertThat(List.of(dir.resolve("factory/initialised"))).allMatch(Files::isRegularFile);
    }
}
