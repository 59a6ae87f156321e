package dev.qualify.connectors.ssh;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding and validating the {@code ssh} settings section. */
class SshSettingsReaderTest {
    private static final String FP = "SHA256:" + "A".repeat(43);

    @TempDir
    Path dir;

    private final SshSettingsReader reader = new SshSettingsReader(false);

    @Test
    void qualifyKeysBindWithDefaults() {
        SshSettings s = reader.read(map("host", "10.0.0.7", "user", "pi",
                "auth", map("method", "key", "privateKey", "/keys/id_ed25519"), "knownHosts", "/lab/known_hosts"));

        assertThat(s.target()).isEqualTo(new SshEndpoint("10.0.0.7", 22, "pi", SshAuth.key(Path.of("/keys/id_ed25519"), null),
                HostKeyPolicy.knownHosts(Path.of("/lab/known_hosts"))));
        assertThat(s.jumps()).isEmpty();
        assertThat(s.keepAlive()).isEqualTo(SshSettings.DEFAULT_KEEP_ALIVE);
        assertThat(s.reconnect()).isEqualTo(ReconnectPolicy.DEFAULT);
        assertThat(s.sudo()).isFalse();
    }

    @Test
    void idtConnectivityVocabularyIsAccepted() {
        SshSettings s = reader.read(map("protocol", "ssh", "ip", "192.168.1.5", "port", 2222, "publicKeyPath", "/lab/kh",
                "auth", map("method", "pki", "credentials", map("user", "ggc", "privKeyPath", "/keys/k.pem"))));

        assertThat(s.target()).isEqualTo(new SshEndpoint("192.168.1.5", 2222, "ggc", SshAuth.key(Path.of("/keys/k.pem"), null),
                HostKeyPolicy.knownHosts(Path.of("/lab/kh"))));
    }

    @Test
    void idtPasswordCredentialsBind() {
        SshSettings s = reader.read(map("ip", "h", "hostKeyFingerprint", FP,
                "auth", map("method", "password", "credentials", map("user", "u", "password", "pw"))));

        assertThat(s.target().auth()).isEqualTo(SshAuth.password("pw"));
        assertThat(s.target().hostKeys()).isEqualTo(HostKeyPolicy.pinned(FP));
    }

    @Test
    void everyTimingAndTheJumpHostsBind() {
        SshSettings s = reader.read(map("host", "board", "user", "root", "auth", map("password", "pw"), "hostKeyFingerprint", FP,
                "connectTimeout", "7s", "keepAlive", "2s", "deadPeerTimeout", "6s", "sudo", true,
                "reconnect", map("deadline", "3m", "initialBackoff", "250ms", "maxBackoff", "5s"),
                "jump", List.of(map("host", "gw1", "port", 2200, "user", "jumper", "knownHosts", "/lab/gw"), map("ip", "gw2"))));

        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.deadPeerTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.reconnect()).isEqualTo(new ReconnectPolicy(Duration.ofMinutes(3), Duration.ofMillis(250), Duration.ofSeconds(5)));
        assertThat(s.sudo()).isTrue();
        assertThat(s.jumps()).extracting(SshEndpoint::display).containsExactly("jumper@gw1:2200", "root@gw2:22");
        assertThat(s.jumps().get(0).auth()).isEqualTo(SshAuth.password("pw"));
        assertThat(s.jumps().get(0).hostKeys()).isEqualTo(HostKeyPolicy.knownHosts(Path.of("/lab/gw")));
        assertThat(s.jumps().get(1).hostKeys()).isEqualTo(HostKeyPolicy.knownHosts(SshSettingsReader.defaultKnownHosts()));
    }

    @Test
    void singleJumpMayBeAMapAndInheritsTheDevicesKnownHosts() {
        SshSettings s = reader.read(map("host", "board", "user", "root", "auth", map("password", "pw"), "knownHosts", "/lab/kh",
                "jump", map("host", "gw")));

        assertThat(s.jumps()).singleElement().satisfies(j -> {
            assertThat(j.display()).isEqualTo("root@gw:22");
            assertThat(j.hostKeys()).isEqualTo(HostKeyPolicy.knownHosts(Path.of("/lab/kh")));
        });
        assertThat(s.display()).isEqualTo("root@board:22 via root@gw:22");
    }

    @Test
    void withoutAnyHostKeySettingTheUsersKnownHostsIsChecked() {
        SshSettings s = reader.read(map("host", "h", "user", "u", "auth", map("password", "pw")));

        assertThat(s.target().hostKeys()).isEqualTo(HostKeyPolicy.knownHosts(SshSettingsReader.defaultKnownHosts()));
        assertThat(s.target().hostKeys().acceptAny()).isFalse();
    }

    @Test
    void misspeltKeysGetADidYouMean() {
        assertError(map("host", "h", "user", "u", "auth", map("password", "pw"), "knownHost", "/kh"), "knownHost", "did you mean 'knownHosts'?");
        assertError(map("host", "h", "user", "u", "auth", map("pasword", "pw")), "auth.pasword", "did you mean 'password'?");
        assertError(map("host", "h", "user", "u", "auth", map("password", "pw"), "reconnect", map("dedline", "1m")),
                "reconnect.dedline", "did you mean 'deadline'?");
        assertError(map("host", "h", "user", "u", "auth", map("method", "pky", "privateKey", "/k")), "auth.method", "did you mean 'pki'?");
    }

    @Test
    void missingEssentialsNameTheKey() {
        assertError(map("user", "u", "auth", map("password", "pw")), "host", "host: 192.168.1.20");
        assertError(map("host", "h", "auth", map("password", "pw")), "user", "user: root");
        assertError(map("host", "h", "user", "u"), "auth", "auth:");
        assertError(map("host", "h", "user", "u", "auth", map("method", "key")), "auth.privateKey", "privateKey:");
        assertError(map("host", "h", "user", "u", "auth", map("method", "password")), "auth.password", "password:");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        Map<String, Object> base = map("host", "h", "user", "u", "auth", map("password", "pw"));
        assertError(with(base, "port", 70000), "port", null);
        assertError(with(base, "keepAlive", "often"), "keepAlive", "30s");
        assertError(with(base, "hostKeyFingerprint", "SHA1:abc"), "hostKeyFingerprint", "ssh-keygen -lf");
        assertError(with(with(base, "keepAlive", "10s"), "deadPeerTimeout", "5s"), "deadPeerTimeout", "keepAlive");
        assertError(with(base, "protocol", "uart"), "protocol", null);
        assertError(with(base, "jump", "gw"), "jump", "{host: gw");
    }

    @Test
    void onlyOneHostKeyCheckMayBeChosen() {
        Map<String, Object> base = map("host", "h", "user", "u", "auth", map("password", "pw"));
        assertError(with(with(base, "knownHosts", "/kh"), "acceptAnyHostKey", true), "acceptAnyHostKey", null);
        assertError(with(with(base, "knownHosts", "/kh"), "hostKeyFingerprint", FP), "hostKeyFingerprint", null);
    }

    @Test
    void acceptingAnyHostKeyIsOnlyExplicit() {
        SshSettings s = reader.read(map("host", "h", "user", "u", "auth", map("password", "pw"), "acceptAnyHostKey", true));

        assertThat(s.target().hostKeys().acceptAny()).isTrue();
    }

    @Test
    void secretsNeverAppearInToStringOrErrors() {
        SshSettings s = reader.read(map("host", "h", "user", "u", "hostKeyFingerprint", FP,
                "auth", map("privateKey", "/k", "passphrase", "pass-phrase-1"),
                "jump", map("host", "gw", "auth", map("password", "jump-password-2"))));

        assertThat(s.toString()).doesNotContain("pass-phrase-1").doesNotContain("jump-password-2").contains("<redacted>");
        assertThatThrownBy(() -> reader.read(map("host", "h", "user", "u", "auth", map("password", List.of("pw-in-list")))))
                .isInstanceOf(SettingsException.class).message().doesNotContain("pw-in-list");
    }

    @Test
    void validationChecksKeyFilesAndPassphrasesWithoutTouchingTheDevice() throws IOException {
        SshSettingsReader checking = new SshSettingsReader(true);
        Path key = TestKeys.writeOpenSsh(TestKeys.ed25519(), dir.resolve("k"), "right-one");
        Path kh = Files.writeString(dir.resolve("kh"), "");
        Map<String, Object> base = map("host", "h", "user", "u", "knownHosts", kh.toString());

        assertError(checking, with(base, "auth", map("privateKey", dir.resolve("absent").toString())), "auth.privateKey", "ssh-keygen");
        assertError(checking, with(base, "auth", map("privateKey", key.toString())), "auth.passphrase", "passphrase");
        assertError(checking, with(base, "auth", map("privateKey", key.toString(), "passphrase", "wrong-one")), "auth.passphrase", null);
        assertError(checking, map("host", "h", "user", "u", "knownHosts", dir.resolve("nokh").toString(),
                "auth", map("privateKey", key.toString(), "passphrase", "right-one")), "knownHosts", "ssh-keyscan");
        assertThat(checking.read(with(base, "auth", map("privateKey", key.toString(), "passphrase", "right-one"))).target().auth().method())
                .isEqualTo(SshAuth.Method.KEY);
    }

    @Test
    void encryptedPemKeyIsRecognisedAsNeedingAPassphrase() throws IOException {
        Path pem = TestKeys.writePem(TestKeys.rsa(), dir.resolve("k.pem"), "pem-pass");

        assertThatThrownBy(() -> KeyPairLoader.load(pem, null))
                .isInstanceOfSatisfying(KeyPairLoader.KeyLoadException.class, e -> assertThat(e.passphraseProblem()).isTrue());
        assertThat(KeyPairLoader.isEncrypted(Files.readAllBytes(TestKeys.writeOpenSsh(TestKeys.ed25519(), dir.resolve("plain"), null))))
                .isFalse();
    }

    private void assertError(Map<String, Object> settings, String key, String suggestionPart) {
        assertError(reader, settings, key, suggestionPart);
    }

    private static void assertError(SshSettingsReader r, Map<String, Object> settings, String key, String suggestionPart) {
        assertThatThrownBy(() -> r.read(settings)).isInstanceOfSatisfying(SettingsException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            if (suggestionPart != null) assertThat(e.suggestion()).contains(suggestionPart);
        });
    }

    private static Map<String, Object> with(Map<String, Object> base, String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(k, v);
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
