package dev.qualify.distribution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab's own broker for the {@code cloud.type: mqtt} tests: Debian's mosquitto on a free loopback port, over TLS
 * with a PKI made by openssl for the test (a CA, a server certificate naming 127.0.0.1, a client certificate for
 * {@code board-1}, and a stranger CA with a client certificate of its own). {@link #mutualTls} requires a client
 * certificate of the CA; {@link #password} wants a user name and password from a {@code mosquitto_passwd} file.
 */
final class LabBroker implements AutoCloseable {
    static final String USER = "lab-user";
    static final String PASSWORD = "Lab-Broker-Passw0rd";

    final Path dir;
    final int port;
    private final Process process;

    private LabBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static LabBroker mutualTls(Path dir) throws Exception {
        return start(dir, false);
    }

    static LabBroker password(Path dir) throws Exception {
        return start(dir, true);
    }

    private static LabBroker start(Path dir, boolean password) throws Exception {
        Files.createDirectories(dir);
        pki(dir, "ca", "Lab CA");
        pki(dir, "other-ca", "Some other CA");
        leaf(dir, "server", "ca", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        leaf(dir, "client", "ca", "board-1", "extendedKeyUsage=clientAuth\n");
        leaf(dir, "other-client", "other-ca", "board-1", "extendedKeyUsage=clientAuth\n");
        int port = VirtualPool.freePort();
        StringBuilder conf = new StringBuilder("persistence false\nlog_dest stderr\nper_listener_settings false\n")
                .append(isRoot() ? "user root\n" : "")
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append("cafile ").append(dir.resolve("ca.pem")).append("\ncertfile ").append(dir.resolve("server.pem"))
                .append("\nkeyfile ").append(dir.resolve("server.key")).append('\n');
        if (password) {
            Path pw = dir.resolve("passwords");
            Files.writeString(pw, "");
            exec(dir, "mosquitto_passwd", "-b", pw.toString(), USER, PASSWORD);
            conf.append("require_certificate false\nallow_anonymous false\npassword_file ").append(pw).append('\n');
        } else {
            conf.append("require_certificate true\nuse_identity_as_username true\n");
        }
        Path confFile = dir.resolve("mosquitto.conf");
        Files.writeString(confFile, conf.toString());
        Process p = new ProcessBuilder("mosquitto", "-c", confFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new LabBroker(dir, port, p);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("mosquitto did not start (apt-get install mosquitto): "
                            + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** The {@code cloud:} section for this broker with the given login lines (indented by two). */
    String cloud(String ca, String login) {
        return "  type: mqtt\n  endpoint: 127.0.0.1\n  port: " + port + "\n  ca: " + dir.resolve(ca) + "\n" + login;
    }

    String clientCertificate(String name) {
        return "  cert: " + dir.resolve(name + ".pem") + "\n  key: " + dir.resolve(name + ".key") + "\n";
    }

    /** The first line of the client key's PEM body: a secret that must appear nowhere. */
    String clientKeyLine() throws IOException {
        return Files.readAllLines(dir.resolve("client.key")).get(1);
    }

    private static void pki(Path dir, String name, String cn) throws Exception {
        exec(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + cn);
    }

    private static void leaf(Path dir, String name, String ca, String cn, String ext) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), ext);
        exec(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
        exec(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void exec(Path dir, String... argv) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(argv))).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
