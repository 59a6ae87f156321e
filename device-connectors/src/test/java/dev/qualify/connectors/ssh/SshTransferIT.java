package dev.qualify.connectors.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** SFTP, and SCP when sshd has no SFTP subsystem, against real OpenSSH servers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshTransferIT {
    private Path dir;
    private OpenSshServer withSftp;
    private OpenSshServer withoutSftp;
    private Path key;
    private Path knownHosts;

    @BeforeAll
    void startSshd() throws Exception {
        dir = Files.createTempDirectory("qualify-ssh-transfer-it");
        withSftp = new OpenSshServer(dir.resolve("sshd-sftp"), true);
        withoutSftp = new OpenSshServer(dir.resolve("sshd-scp"), false);
        try {
            key = HostTools.sshKeygen(dir.resolve("id_ed25519"), "ed25519", null, null);
            withSftp.authorize(Path.of(key + ".pub")).start();
            withoutSftp.authorize(Path.of(key + ".pub")).start();
            knownHosts = OpenSshIt.knownHosts(dir, withSftp, withoutSftp);
        } catch (Exception e) {
            stopSshd();
            throw e;
        }
    }

    @AfterAll
    void stopSshd() throws IOException {
        if (withSftp != null) withSftp.close();
        if (withoutSftp != null) withoutSftp.close();
        LocalFiles.deleteTree(dir);
    }

    @Test
    void tenMebibytesRoundTripBySftpByteExact() throws IOException {
        RecordingTranscript t = roundTrip(withSftp, "sftp");

        assertThat(t.notes).noneMatch(n -> n.contains("using SCP"));
    }

    @Test
    void sshdWithoutSftpFallsBackToScpByteExact() throws IOException {
        RecordingTranscript t = roundTrip(withoutSftp, "scp");

        assertThat(t.notes).anyMatch(n -> n.contains("no SFTP subsystem; using SCP"));
    }

    @Test
    void directoriesCopyRecursivelyBothWays() throws IOException {
        for (OpenSshServer server : new OpenSshServer[]{withSftp, withoutSftp}) {
            Path src = Files.createDirectories(dir.resolve("tree-src-" + server.port()));
            Files.createDirectories(src.resolve("bin"));
            Files.writeString(src.resolve("bin/run.sh"), "#!/bin/sh\necho run\n");
            Files.setPosixFilePermissions(src.resolve("bin/run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(src.resolve("config.json"), "{}");
            Path remote = dir.resolve("device-" + server.port() + "/opt/suite");
            Path back = dir.resolve("back-" + server.port());
            try (SshShell shell = shell(server, null)) {
                shell.upload(src, remote.toString());
                shell.download(remote.toString(), back);
                assertThat(shell.run(dev.qualify.api.device.Command.of(java.time.Duration.ofSeconds(20),
                        remote.resolve("bin/run.sh").toString())).stdout()).isEqualTo("run\n");
            }

            assertThat(back.resolve("bin/run.sh")).hasContent("#!/bin/sh\necho run\n").isExecutable();
            assertThat(back.resolve("config.json")).hasContent("{}");
        }
    }

    private RecordingTranscript roundTrip(OpenSshServer server, String name) throws IOException {
        byte[] data = new byte[10 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path local = Files.write(dir.resolve(name + "-10MiB.bin"), data);
        Path remote = dir.resolve("remote-" + name + "/image.bin");
        Path back = dir.resolve(name + "-back.bin");
        RecordingTranscript t = new RecordingTranscript();
        try (SshShell shell = shell(server, t)) {
            shell.upload(local, remote.toString());
            shell.download(remote.toString(), back);
        }
        assertThat(Files.readAllBytes(remote)).isEqualTo(data);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        return t;
    }

    private SshShell shell(OpenSshServer server, RecordingTranscript t) {
        return new SshShell(OpenSshIt.settings(OpenSshIt.endpoint(server, "root", SshAuth.key(key, null), knownHosts)), 1.0, t);
    }
}
