package dev.qualify.connectors.rfc2217;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.connectors.power.ModemLineRegistry;
import dev.qualify.connectors.serial.PtyPeer;
import dev.qualify.connectors.serial.RecordingTranscript;
import dev.qualify.connectors.serial.SocatPair;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** ser2net in front of a socat pty: the rfc2217 console, and ser2net's raw mode through the tcp-serial console. */
class Rfc2217ConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SocatPair pair;
    private Ser2Net ser2net;
    private final RecordingTranscript transcript = new RecordingTranscript();
    private DriverContext ctx;

    @BeforeEach
    void start() throws Exception {
        pair = new SocatPair(dir);
        ser2net = new Ser2Net(dir, pair.b());
        ctx = TestDriverContexts.forDevice("remote-1", dir, transcript);
    }

    @AfterEach
    void stop() {
        if (ser2net != null) ser2net.close();
        if (pair != null) pair.close();
    }

    private Console rfc2217(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", ser2net.rfc2217Port()));
        settings.putAll(extra);
        Rfc2217ConsoleFactory factory = new Rfc2217ConsoleFactory();
        factory.validate(settings);
        Console console = factory.create(settings, ctx);
        ((ConsoleMonitoring) console).setTranscript(transcript);
        return console;
    }

    @Test
    void setsBaudRateAndFramingOnTheRemotePortAndABaudChangeIsSeenThere() throws Exception {
        try (Console console = rfc2217(Map.of("baud", 9600, "dataBits", 7, "parity", "even", "stopBits", 2))) {
            // a Linux pty keeps speed and stop bits but forces cs8 without parity, so those two are checked as the
            // server's confirmed answer rather than on the pty
            assertThat(stty(pair.b())).contains("speed 9600 baud").contains(" cstopb");
            assertThat(transcript.notes()).anyMatch(n -> n.contains("server set 9600 7E2"));
            assertThat(console.name()).isEqualTo("rfc2217 127.0.0.1:" + ser2net.rfc2217Port());
        }
        try (Console console = rfc2217(Map.of("baud", 57600))) {
            assertThat(console.name()).startsWith("rfc2217 ");
            assertThat(stty(pair.b())).contains("speed 57600 baud").contains(" -cstopb");
        }
    }

    @Test
    void carriesLinesAndBinaryDataByteExactBothWays() throws Exception {
        try (Console console = rfc2217(Map.of("baud", 115200)); PtyPeer board = new PtyPeer(pair.a().toString())) {
            board.write("boot ok\r\n".getBytes(StandardCharsets.US_ASCII));
            console.expect(Pattern.compile("boot ok"), WAIT);
            console.sendLine("start");
            assertThat(new String(board.read(7, WAIT), StandardCharsets.US_ASCII)).isEqualTo("start\r\n");

            byte[] data = new byte[256 * 1024];
            new Random(7).nextBytes(data);
            data[0] = (byte) 0xFF; // telnet IAC must pass as data
            data[1] = (byte) 0xFF;
            int before = transcript.receivedCount();
            board.write(data);
            await().atMost(WAIT).until(() -> transcript.receivedCount() - before >= data.length);
            byte[] received = transcript.received();
            assertThat(sha256(java.util.Arrays.copyOfRange(received, before, received.length))).isEqualTo(sha256(data));

            Thread sender = new Thread(() -> console.write(data));
            sender.start();
            assertThat(sha256(board.read(data.length, WAIT))).isEqualTo(sha256(data));
            sender.join();
        }
    }

    @Test
    void offersItsModemLinesToThePowerDriverOnlyWhileOpen() {
        // a pty has no DTR/RTS, so ser2net cannot confirm a SET-CONTROL for them here; the registration is checked
        try (Console console = rfc2217(Map.of())) {
            var lines = ModemLineRegistry.find("remote-1", dir).orElseThrow();
            assertThat(lines).isInstanceOf(Rfc2217Link.class);
            assertThat(lines.describe()).isEqualTo(console.name());
        }
        assertThat(ModemLineRegistry.find("remote-1", dir)).isEmpty();
    }

    @Test
    void serverThatDoesNotSpeakRfc2217IsAnInfrastructureErrorSayingSo() {
        Map<String, Object> settings = Map.of("host", "127.0.0.1", "port", ser2net.rawPort(), "replyTimeout", "1s");
        assertThatThrownBy(() -> new Rfc2217ConsoleFactory().create(settings, ctx))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("does not speak RFC 2217")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("port-unavailable"));
    }

    @Test
    void rawModeOfSer2netCarriesLinesBothWaysThroughTheTcpSerialConsole() throws Exception {
        DriverFactory<Console> tcp = DriverRegistry.load().find(Console.class, "tcp-serial").orElseThrow();
        try (PtyPeer board = new PtyPeer(pair.a().toString())) {
            // ser2net serves one client per port and may still be releasing the connection of another test:
            // reconnect until a line gets through, then check both directions on that connection
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (Console console = tcp.create(Map.of("host", "127.0.0.1", "port", ser2net.rawPort()), ctx)) {
                    console.sendLine("start");
                    String got;
                    try {
                        got = new String(board.read(7, Duration.ofSeconds(2)), StandardCharsets.US_ASCII);
                    } catch (IOException notYet) {
                        if (System.nanoTime() > deadline) throw notYet;
                        continue;
                    }
                    assertThat(got).isEqualTo("start\r\n");
                    board.write("raw mode ok\n".getBytes(StandardCharsets.US_ASCII));
                    console.expect(Pattern.compile("raw mode ok"), WAIT);
                    return;
                }
            }
        }
    }

    private static String stty(Path tty) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stty", "-a", "-F", tty.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
