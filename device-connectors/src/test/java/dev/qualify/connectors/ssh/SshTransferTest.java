package dev.qualify.connectors.ssh;

import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** File transfer by SFTP and, when the device has no SFTP subsystem, by SCP (in-process server, real files). */
class SshTransferTest {
    @TempDir
    Path dir;

    @Test
    void fileRoundTripBySftpIsByteExactAndKeepsTheExecutableBit() throws IOException {
        roundTripFile(true);
    }

    @Test
    void fileRoundTripFallsBackToScpWhenTheDeviceHasNoSftp() throws IOException {
        roundTripFile(false);
    }

    @Test
    void directoriesCopyRecursivelyBySftp() throws IOException {
        roundTripTree(true);
    }

    @Test
    void directoriesCopyRecursivelyByScp() throws IOException {
        roundTripTree(false);
    }

    @Test
    void missingRemoteFileFailsAsATransferErrorNamingIt() throws IOException {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer server = fx.server(true, null);
             SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            String absent = dir.resolve("no-such-file").toString();

            assertThatThrownBy(() -> shell.download(absent, dir.resolve("x")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-transfer-failed");
                        assertThat(e.getMessage()).contains(absent);
                    });
        }
    }

    private void roundTripFile(boolean sftp) throws IOException {
        SshFixture fx = new SshFixture(dir);
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path local = Files.write(dir.resolve("firmware.bin"), data);
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxr-x---"));
        Path remote = dir.resolve("device/opt/app/firmware.bin");
        Path back = dir.resolve("back/firmware.bin");
        RecordingTranscript transcript = new RecordingTranscript();
        try (InProcessSshServer server = fx.server(sftp, null);
             SshShell shell = new SshShell(fx.settings(server.port()), 1.0, transcript)) {
            shell.upload(local, remote.toString());
            shell.download(remote.toString(), back);
        }

        assertThat(transcript.notes).filteredOn(n -> n.contains("using SCP")).hasSize(sftp ? 0 : 1);
        assertThat(Files.readAllBytes(remote)).isEqualTo(data);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back))).isEqualTo("rwxr-x---");
    }

    private void roundTripTree(boolean sftp) throws IOException {
        SshFixture fx = new SshFixture(dir);
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("top.txt"), "top");
        Files.createDirectories(src.resolve("a/b"));
        Files.writeString(src.resolve("a/b/deep.txt"), "deep");
        Files.createDirectories(src.resolve("empty"));
        Path remote = dir.resolve("device/suite");
        Path back = dir.resolve("back/suite");
        try (InProcessSshServer server = fx.server(sftp, null);
             SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            shell.upload(src, remote.toString());
            shell.download(remote.toString(), back);
        }

        for (Path root : new Path[]{remote, back}) {
            assertThat(Files.readString(root.resolve("top.txt"))).isEqualTo("top");
            assertThat(Files.readString(root.resolve("a/b/deep.txt"))).isEqualTo("deep");
            assertThat(root.resolve("empty")).isDirectory();
        }
        assertThat(back.getParent()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".qualify-"));
    }
}
