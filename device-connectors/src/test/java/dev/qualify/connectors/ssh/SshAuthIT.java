package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logins and host key checks against a real OpenSSH sshd with fresh keys made by ssh-keygen. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshAuthIT {
    private static final Duration T = Duration.ofSeconds(20);

    private Path dir;
    private OpenSshServer sshd;
    private Path knownHosts;

    @BeforeAll
    void startSshd() throws Exception {
        dir = Files.createTempDirectory("qualify-ssh-auth-it");
        sshd = new OpenSshServer(dir.resolve("sshd"), true);
        try {
            sshd.start();
            knownHosts = OpenSshIt.knownHosts(dir, sshd);
        } catch (Exception e) {
            sshd.close();
            throw e;
        }
    }

    @AfterAll
    void stopSshd() throws IOException {
        if (sshd != null) sshd.close();
        LocalFiles.deleteTree(dir);
    }

    @Test
    void ed25519KeyLogsIn() throws Exception {
        Path key = HostTools.sshKeygen(dir.resolve("id_ed25519"), "ed25519", null, null);
        sshd.authorize(Path.of(key + ".pub"));

        assertThat(whoAmI("root", SshAuth.key(key, null))).isEqualTo("root\n");
    }

    @Test
    void rsaPemKeyWithPassphraseLogsIn() throws Exception {
        Path key = HostTools.sshKeygen(dir.resolve("id_rsa_pem"), "rsa", "rsa pass phrase", "PEM");
        assertThat(Files.readString(key)).contains("BEGIN RSA PRIVATE KEY").contains("ENCRYPTED");
        sshd.authorize(Path.of(key + ".pub"));

        assertThat(whoAmI("root", SshAuth.key(key, "rsa pass phrase"))).isEqualTo("root\n");
    }

    @Test
    void ecdsaOpenSshKeyWithPassphraseLogsIn() throws Exception {
        Path key = HostTools.sshKeygen(dir.resolve("id_ecdsa"), "ecdsa", "ec-pass", null);
        sshd.authorize(Path.of(key + ".pub"));

        assertThat(whoAmI("root", SshAuth.key(key, "ec-pass"))).isEqualTo("root\n");
    }

    @Test
    void passwordLogsIn() throws Exception {
        String password = TestUser.withFreshPassword();

        assertThat(whoAmI(TestUser.NAME, SshAuth.password(password))).isEqualTo(TestUser.NAME + "\n");
    }

    @Test
    void wrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        TestUser.withFreshPassword();

        assertThatThrownBy(() -> whoAmI(TestUser.NAME, SshAuth.password("not-the-password-77")))
                .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                    assertThat(e.type()).isEqualTo("ssh-auth-failed");
                    assertThat(e.getMessage()).doesNotContain("not-the-password-77");
                });
    }

    @Test
    void unknownHostKeyIsRefusedWithTheFingerprintSshKeygenPrints() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Path key = HostTools.sshKeygen(dir.resolve("id_unknown"), "ed25519", null, null);
        sshd.authorize(Path.of(key + ".pub"));
        SshSettings s = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), empty));

        String fingerprint = sshd.fingerprint();
        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-unknown");
                        assertThat(e.getMessage()).contains(fingerprint);
                    });
        }
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        Path other = HostTools.sshKeygen(dir.resolve("other_host_key"), "ed25519", null, null);
        String[] pub = Files.readString(Path.of(other + ".pub")).trim().split("\\s+");
        Path stale = Files.writeString(dir.resolve("stale_known_hosts"), "[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1] + "\n");
        Path key = HostTools.sshKeygen(dir.resolve("id_changed"), "ed25519", null, null);
        sshd.authorize(Path.of(key + ".pub"));
        SshSettings s = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), stale));

        String fingerprint = sshd.fingerprint();
        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-changed");
                        assertThat(e.getMessage()).contains(fingerprint);
                    });
        }
    }

    @Test
    void deviceWithSeveralHostKeysIsCheckedAgainstTheTypeKnownHostsLists() throws Exception {
        Path key = HostTools.sshKeygen(dir.resolve("id_multi"), "ed25519", null, null);
        try (OpenSshServer multi = new OpenSshServer(dir.resolve("sshd-multi"), true, java.util.List.of("ecdsa", "rsa"))) {
            multi.authorize(Path.of(key + ".pub")).start();
            Path onlyEd25519 = OpenSshIt.knownHosts(dir, multi);
            SshSettings s = OpenSshIt.settings(OpenSshIt.endpoint(multi, "root", SshAuth.key(key, null), onlyEd25519));

            try (SshShell shell = new SshShell(s, 1.0, null)) {
                assertThat(shell.run(Command.of(T, "echo", "multi")).stdout()).isEqualTo("multi\n");
            }
        }
    }

    @Test
    void hashedKnownHostsEntryIsAccepted() throws Exception {
        Path hashed = Files.writeString(dir.resolve("hashed_known_hosts"), sshd.knownHostsLine() + "\n");
        HostTools.run(java.util.List.of("ssh-keygen", "-H", "-f", hashed.toString()), null);
        assertThat(Files.readString(hashed)).startsWith("|1|");
        Path key = HostTools.sshKeygen(dir.resolve("id_hashed"), "ed25519", null, null);
        sshd.authorize(Path.of(key + ".pub"));
        SshSettings s = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), hashed));

        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThat(shell.run(Command.of(T, "echo", "hashed")).stdout()).isEqualTo("hashed\n");
        }
    }

    private String whoAmI(String user, SshAuth auth) {
        try (SshShell shell = new SshShell(OpenSshIt.settings(OpenSshIt.endpoint(sshd, user, auth, knownHosts)), 1.0, null)) {
            return shell.run(Command.of(T, "id", "-un")).stdout();
        }
    }
}
