package dev.qualify.core.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {
    private static final String PASS = "correct horse battery staple";

    @TempDir
    Path dir;

    private SigningIdentity load(Path key, Path cert, String env, Map<String, String> vars) {
        return SigningKeys.load(key, cert, env, vars, SigningKeys.OptionNames.RUN);
    }

    @Test
    void readsPkcs8PlainAndEncryptedAndOpensslTraditionalKeys() throws Exception {
        KeyPair ed = TestKeys.ed25519();
        KeyPair ec = TestKeys.ec("secp256r1");
        Map<String, String> env = Map.of("VENDOR_KEY_PASS", PASS);
        assertThat(load(TestKeys.pkcs8(dir.resolve("ed.pem"), ed), null, null, Map.of()).algorithm()).isEqualTo("Ed25519");
        assertThat(load(TestKeys.encryptedPkcs8(dir.resolve("ed-enc.pem"), ed, PASS), null, "VENDOR_KEY_PASS", env).algorithm()).isEqualTo("Ed25519");
        assertThat(load(TestKeys.traditional(dir.resolve("ec.pem"), ec, null), null, null, Map.of()).algorithm()).isEqualTo("SHA256withECDSA");
        assertThat(Files.readString(dir.resolve("ec.pem"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        SigningIdentity enc = load(TestKeys.traditional(dir.resolve("ec-enc.pem"), ec, PASS), null, "VENDOR_KEY_PASS", env);
        assertThat(Files.readString(dir.resolve("ec-enc.pem"))).contains("DEK-Info: AES-256-CBC");
        assertThat(enc.selfSigned()).isTrue();
        assertThat(enc.certificate().getPublicKey().getEncoded()).isEqualTo(ec.getPublic().getEncoded());
        assertThat(enc.certificate().getSubjectX500Principal().getName()).contains("self-signed");
    }

    @Test
    void aWrongPassphraseNamesTheFileAndTheVariableButNeverThePassphrase() throws Exception {
        Path key = TestKeys.encryptedPkcs8(dir.resolve("vendor-key.pem"), TestKeys.ec("secp256r1"), PASS);
        assertThatThrownBy(() -> load(key, null, "VENDOR_KEY_PASS", Map.of("VENDOR_KEY_PASS", "not it")))
                .isInstanceOf(BundleException.class).hasMessageContaining(key.toString()).hasMessageContaining("wrong passphrase")
                .hasMessageContaining("VENDOR_KEY_PASS").hasMessageNotContaining("not it");
        Path trad = TestKeys.traditional(dir.resolve("trad.pem"), TestKeys.ec("secp256r1"), PASS);
        assertThatThrownBy(() -> load(trad, null, "VENDOR_KEY_PASS", Map.of("VENDOR_KEY_PASS", "not it")))
                .isInstanceOf(BundleException.class).hasMessageContaining("wrong passphrase").hasMessageNotContaining("not it");
    }

    @Test
    void anEncryptedKeyWithoutItsVariableSaysWhichOptionToGive() throws Exception {
        Path key = TestKeys.encryptedPkcs8(dir.resolve("vendor-key.pem"), TestKeys.ed25519(), PASS);
        assertThatThrownBy(() -> load(key, null, null, Map.of())).hasMessageContaining("encrypted").hasMessageContaining("--sign-passphrase-env");
        assertThatThrownBy(() -> load(key, null, "VENDOR_KEY_PASS", Map.of())).hasMessageContaining("VENDOR_KEY_PASS").hasMessageContaining("not set");
    }

    @Test
    void aCertificateOfAnotherKeyIsRefusedNamingTheCertificateFile() throws Exception {
        KeyPair k = TestKeys.ec("secp256r1");
        KeyPair other = TestKeys.ec("secp256r1");
        Path cert = TestKeys.write(dir.resolve("vendor.crt"), TestKeys.certificate("CN=Other", other, "CN=Other", other, false));
        Path key = TestKeys.pkcs8(dir.resolve("vendor-key.pem"), k);
        assertThatThrownBy(() -> load(key, cert, null, Map.of())).isInstanceOf(BundleException.class)
                .hasMessageStartingWith(cert + ": this certificate (CN=Other").hasMessageContaining("--sign-cert");
        Path matching = TestKeys.write(dir.resolve("mine.crt"), TestKeys.certificate("CN=Mine", k, "CN=Mine", k, false));
        assertThat(load(key, matching, null, Map.of()).selfSigned()).isFalse();
    }

    @Test
    void otherCurvesWeakRsaAndFilesThatAreNoKeyAreRefusedWithAReason() throws Exception {
        Path p384 = TestKeys.pkcs8(dir.resolve("p384.pem"), TestKeys.ec("secp384r1"));
        assertThatThrownBy(() -> load(p384, null, null, Map.of())).hasMessageContaining("secp384r1").hasMessageContaining("P-256");
        Path weak = TestKeys.pkcs8(dir.resolve("rsa1024.pem"), TestKeys.rsa(1024));
        assertThatThrownBy(() -> load(weak, null, null, Map.of())).hasMessageContaining("1024 bits is too weak");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        assertThatThrownBy(() -> load(garbage, null, null, Map.of())).hasMessageStartingWith(garbage + ": no PEM object");
        Path cert = TestKeys.write(dir.resolve("a.crt"), TestKeys.certificate("CN=A", TestKeys.ed25519(), "CN=A", TestKeys.ed25519(), false));
        assertThatThrownBy(() -> load(cert, null, null, Map.of())).hasMessageContaining("not a private key");
        assertThatThrownBy(() -> load(dir.resolve("missing.pem"), null, null, Map.of())).hasMessageStartingWith(dir.resolve("missing.pem") + ": cannot read");
    }
}
