package dev.qualify.cloud.mqtt;

import dev.qualify.cloud.HostTools;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Debian's mosquitto on a free loopback port, over TLS with a CA, server and client certificates made for the test
 * (Bouncy Castle): {@link #mutualTls} requires a client certificate of that CA; {@link #password} wants a user name
 * and password from a {@code mosquitto_passwd} file instead. The files are in the directory given.
 */
final class Mosquitto implements AutoCloseable {
    static final String USER = "lab-user";
    static final String PASSWORD = "s3cret-broker-password";

    final Path dir;
    final int port;
    final Path ca;
    final Path clientCert;
    final Path clientKey;
    private final Process process;

    private Mosquitto(Path dir, int port, Path ca, Path clientCert, Path clientKey, Process process) {
        this.dir = dir;
        this.port = port;
        this.ca = ca;
        this.clientCert = clientCert;
        this.clientKey = clientKey;
        this.process = process;
    }

    static Mosquitto mutualTls(Path dir) throws Exception {
        return start(dir, false);
    }

    static Mosquitto password(Path dir) throws Exception {
        return start(dir, true);
    }

    private static Mosquitto start(Path dir, boolean password) throws Exception {
        HostTools.require("mosquitto", "mosquitto");
        CertificateAuthority ca = CertificateAuthority.generate("Qualify test broker CA");
        IssuedCertificate server = ca.issue(CertificateProfile.loopbackServer(Instant.now(), 2));
        IssuedCertificate client = ca.issue(CertificateProfile.client("board-1", Instant.now(), 2));
        Path caFile = write(dir.resolve("ca.pem"), ca.certificatePem());
        write(dir.resolve("server.pem"), server.certificatePem());
        write(dir.resolve("server.key"), server.privateKeyPem());
        Path cert = write(dir.resolve("client.pem"), client.certificatePem());
        Path key = write(dir.resolve("client.key"), client.privateKeyPem());
        int port = freePort();
        StringBuilder conf = new StringBuilder()
                .append("user root\npersistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n")
                .append("per_listener_settings false\n")
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append("cafile ").append(caFile).append("\ncertfile ").append(dir.resolve("server.pem"))
                .append("\nkeyfile ").append(dir.resolve("server.key")).append('\n');
        if (password) {
            HostTools.require("mosquitto_passwd", "mosquitto");
            Path pw = dir.resolve("passwords");
            Files.writeString(pw, "");
            HostTools.Result r = HostTools.run(List.of("mosquitto_passwd", "-b", pw.toString(), USER, PASSWORD), 30);
            if (r.exitCode() != 0) throw new IOException("mosquitto_passwd failed: " + r.stderr());
            conf.append("require_certificate false\nallow_anonymous false\npassword_file ").append(pw).append('\n');
        } else {
            conf.append("require_certificate true\nuse_identity_as_username true\n");
        }
        Path confFile = write(dir.resolve("mosquitto.conf"), conf.toString());
        Process p = new ProcessBuilder("mosquitto", "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
        return new Mosquitto(dir, port, caFile, cert, key, p);
    }

    /** A CA, and a client certificate and key of it, that this broker does not trust. */
    static Path[] strangerCredentials(Path dir) throws IOException {
        CertificateAuthority other = CertificateAuthority.generate("Some other CA");
        IssuedCertificate c = other.issue(CertificateProfile.client("board-1", Instant.now(), 2));
        Files.createDirectories(dir);
        return new Path[]{write(dir.resolve("other-ca.pem"), other.certificatePem()),
                write(dir.resolve("other-client.pem"), c.certificatePem()), write(dir.resolve("other-client.key"), c.privateKeyPem())};
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path write(Path f, String text) throws IOException {
        Files.writeString(f, text);
        return f;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
