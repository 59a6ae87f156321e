package dev.qualify.connectors.rfc2217;

import dev.qualify.connectors.serial.HostTools;
import dev.qualify.api.driver.ProcessRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ser2net (Debian package) serving one serial device on two loopback ports: {@link #rfc2217Port()} with a
 * {@code telnet(rfc2217)} accepter and {@link #rawPort()} with a raw TCP accepter. {@link #close()} kills it.
 */
final class Ser2Net implements AutoCloseable {
    private final Process process;
    private final int rfc2217Port;
    private final int rawPort;

    Ser2Net(Path dir, Path device) throws IOException, InterruptedException {
        String ser2net = HostTools.require("ser2net", "ser2net");
        rfc2217Port = freePort();
        int raw = freePort();
        while (raw == rfc2217Port) raw = freePort(); // two accepters on one port: ser2net would listen on one only
        rawPort = raw;
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, ""
                + "connection: &rfc\n"
                + "    accepter: telnet(rfc2217),tcp,127.0.0.1," + rfc2217Port + "\n"
                + "    connector: serialdev," + device + ",115200n81,local\n"
                + "    options:\n"
                + "      kickolduser: true\n"
                + "connection: &raw\n"
                + "    accepter: tcp,127.0.0.1," + rawPort + "\n"
                + "    connector: serialdev," + device + ",115200n81,local\n"
                + "    options:\n"
                + "      kickolduser: true\n");
        process = new ProcessBuilder(ser2net, "-n", "-u", "-c", config.toString(), "-P", dir.resolve("ser2net.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ser2net.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // a loaded CI machine starts it slowly
        while (!listening(rfc2217Port) || !listening(rawPort)) {
            if (!process.isAlive()) throw new IOException("ser2net exited: " + Files.readString(dir.resolve("ser2net.log")));
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException("ser2net did not listen on 127.0.0.1:" + rfc2217Port + " and :" + rawPort
                        + " within 30 s; its log: " + Files.readString(dir.resolve("ser2net.log")));
            }
            Thread.sleep(20);
        }
    }

    int rfc2217Port() {
        return rfc2217Port;
    }

    int rawPort() {
        return rawPort;
    }

    @Override
    public void close() {
        ProcessRegistry.destroyTree(process, Duration.ofSeconds(2));
    }

    /**
     * Whether something listens on 127.0.0.1:port, found by failing to bind it. Connecting to find out would make
     * ser2net open the shared device for a moment and then refuse or kick the test's own connection.
     */
    private static boolean listening(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return false;
        } catch (IOException inUse) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
