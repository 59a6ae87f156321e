package dev.qualify.connectors.ssh;

import dev.qualify.api.driver.ProcessRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenSSH {@code sshd} as a test device: loopback only, a fresh host key, its own config and authorized_keys
 * file, started in the foreground ({@code -D -e}) so the test owns the process tree and kills it on stop.
 */
final class OpenSshServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final boolean sftp;
    private final int port;
    private final Path hostKey;
    private final List<Path> moreHostKeys = new ArrayList<>();
    private final Path authorizedKeys;
    private final Path config;
    private final Path log;
    private Process process;

    /**
     * @param dir  a fresh directory for keys, config and log
     * @param sftp whether to offer the SFTP subsystem (without it, only exec and SCP work)
     */
    OpenSshServer(Path dir, boolean sftp) throws IOException, InterruptedException {
        this(dir, sftp, List.of());
    }

    /**
     * @param moreHostKeyTypes host key types offered besides ed25519 (e.g. {@code ecdsa}, {@code rsa}), as a stock
     *                         Debian sshd has them
     */
    OpenSshServer(Path dir, boolean sftp, List<String> moreHostKeyTypes) throws IOException, InterruptedException {
        HostTools.requireSshd();
        this.dir = Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.sftp = sftp;
        this.port = freePort();
        this.hostKey = HostTools.sshKeygen(dir.resolve("ssh_host_ed25519_key"), "ed25519", null, null);
        for (String type : moreHostKeyTypes) {
            moreHostKeys.add(HostTools.sshKeygen(dir.resolve("ssh_host_" + type + "_key"), type, null, null));
        }
        this.authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "");
        Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-r--r--"));
        this.config = dir.resolve("sshd_config");
        this.log = dir.resolve("sshd.log");
        writeConfig();
    }

    private void writeConfig() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile none",
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PrintMotd no",
                "AllowTcpForwarding yes",
                "ClientAliveInterval 0",
                "LogLevel INFO"));
        for (Path k : moreHostKeys) lines.add("HostKey " + k);
        if (sftp) lines.add("Subsystem sftp /usr/lib/openssh/sftp-server");
        Files.write(config, lines);
    }

    /** Lets {@code key} log in as any user. */
    OpenSshServer authorize(Path publicKeyFile) throws IOException {
        Files.writeString(authorizedKeys, Files.readString(publicKeyFile).trim() + "\n", StandardOpenOption.APPEND);
        return this;
    }

    /** Starts (or starts again, on the same port with the same host key) and waits until it listens. */
    OpenSshServer start() throws IOException, InterruptedException {
        Files.createDirectories(Path.of("/run/sshd"));
        Files.writeString(log, "");
        process = new ProcessBuilder(HostTools.SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.readString(log).contains("Server listening on 127.0.0.1 port " + port)) {
            if (!process.isAlive()) throw new IOException("sshd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException("sshd did not listen within " + START_TIMEOUT + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Kills sshd and every session process it spawned. */
    void stop() {
        if (process != null) {
            ProcessRegistry.destroyTree(process, Duration.ofSeconds(2));
            process = null;
        }
    }

    /** The listener's process, to find or freeze session processes. */
    ProcessHandle process() {
        return process.toHandle();
    }

    int port() {
        return port;
    }

    /** {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
    String knownHostsLine() throws IOException {
        String[] pub = Files.readString(Path.of(hostKey + ".pub"), StandardCharsets.US_ASCII).trim().split("\\s+");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** The host key's SHA256 fingerprint as ssh-keygen prints it. */
    String fingerprint() throws IOException, InterruptedException {
        return HostTools.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub"), null).split("\\s+")[1];
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    Path dir() {
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
