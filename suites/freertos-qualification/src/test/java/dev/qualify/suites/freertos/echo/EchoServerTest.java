package dev.qualify.suites.freertos.echo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EchoServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EchoServer server;

    @BeforeEach
    void startServer() {
        server = EchoServer.start(LOOPBACK, 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LOOPBACK, server.port()), 10_000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static byte[] pattern(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        return data;
    }

    private static byte[] readExactly(InputStream in, int size) throws IOException {
        byte[] data = in.readNBytes(size);
        assertThat(data).as("bytes echoed before the connection ended").hasSize(size);
        return data;
    }

    /** Waits for a condition that another thread makes true; fails after a generous deadline. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void echoesEveryByteBackOnAnEphemeralPort() throws Exception {
        assertThat(server.port()).isPositive();
        byte[] data = pattern(10_000, 7);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(data, 0, 1);
            out.write(data, 1, data.length - 1);
            out.flush();
            assertThat(readExactly(s.getInputStream(), data.length)).isEqualTo(data);
        }
        assertThat(server.connectionsAccepted()).isEqualTo(1);
        await(() -> server.bytesEchoed() == data.length, "all bytes are counted");
        assertThat(server.disconnectCommands()).isZero();
    }

    @Test
    void servesManyConnectionsAtOnce() throws Exception {
        int clients = 24;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int seed = c;
                Callable<Boolean> client = () -> {
                    try (Socket s = connect()) {
                        byte[] data = pattern(2048 + seed, seed);
                        for (int round = 0; round < 5; round++) {
                            s.getOutputStream().write(data);
                            if (!java.util.Arrays.equals(data, readExactly(s.getInputStream(), data.length))) {
                                return false;
                            }
                        }
                        return true;
                    }
                };
                results.add(pool.submit(client));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.connectionsAccepted()).isEqualTo(clients);
        long expected = 0;
        for (int c = 0; c < clients; c++) {
            expected += 5L * (2048 + c);
        }
        long total = expected;
        await(() -> server.bytesEchoed() == total, "every connection's bytes are counted");
    }

    @Test
    void disconnectAsTheFirstMessageResetsTheConnection() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(EchoServer.DISCONNECT_COMMAND.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();

            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketException reset) {
                read = -2;
            }
            assertThat(read).as("nothing is echoed; the read ends in a reset (-2) or end of stream (-1)")
                    .isIn(-1, -2);

            byte[] block = pattern(2048, 1);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    s.getOutputStream().write(block);
                    s.getOutputStream().flush();
                    Thread.sleep(1);
                }
            }).as("sending after a remote disconnect fails, as TransportSend_RemoteDisconnect expects")
                    .isInstanceOf(IOException.class);
        }
        assertThat(server.disconnectCommands()).isEqualTo(1);
        assertThat(server.bytesEchoed()).isZero();
        await(() -> server.openConnections() == 0, "the reset connection is forgotten");
    }

    @Test
    void disconnectLaterInAConnectionIsEchoedLikeAnyData() throws Exception {
        try (Socket s = connect()) {
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(hello);
            assertThat(readExactly(s.getInputStream(), hello.length)).isEqualTo(hello);

            byte[] word = EchoServer.DISCONNECT_COMMAND.getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(word);
            assertThat(readExactly(s.getInputStream(), word.length)).isEqualTo(word);
        }
        assertThat(server.disconnectCommands()).isZero();
    }

    @Test
    void closeClosesTheListenerAndEveryConnection() throws Exception {
        Socket a = connect();
        Socket b = connect();
        a.getOutputStream().write(1);
        assertThat(a.getInputStream().read()).isEqualTo(1);
        await(() -> server.openConnections() == 2, "both connections are open");
        int port = server.port();

        server.close();
        server.close(); // idempotent

        for (Socket s : List.of(a, b)) {
            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketException reset) {
                read = -2;
            }
            assertThat(read).as("an open connection ends when the server closes").isIn(-1, -2);
            s.close();
        }
        assertThat(server.openConnections()).isZero();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void startingOnAPortInUseFailsWithTheAddress() {
        assertThatThrownBy(() -> EchoServer.start(LOOPBACK, server.port()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(LOOPBACK.getHostAddress() + ":" + server.port());
        assertThatThrownBy(() -> EchoServer.start(LOOPBACK, 70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
