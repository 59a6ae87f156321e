package dev.qualify.connectors.serial;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The serial console against a real socat pty pair. */
class SerialConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SocatPair pair;
    private final RecordingTranscript transcript = new RecordingTranscript();
    private final ProcessRegistry processes = new ProcessRegistry();

    @BeforeEach
    void startPair() throws Exception {
        pair = new SocatPair(dir);
    }

    @AfterEach
    void stopPair() {
        pair.close();
        processes.killAll(Duration.ofSeconds(2));
    }

    private Console open(String reopenDeadline) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("port", pair.b().toString());
        settings.put("baud", 115200);
        settings.put("reopenDeadline", reopenDeadline);
        DriverContext ctx = TestDriverContexts.forDevice("board-1", dir, processes, transcript);
        SerialConsoleFactory factory = new SerialConsoleFactory();
        factory.validate(settings);
        Console console = factory.create(settings, ctx);
        ((ConsoleMonitoring) console).setTranscript(transcript);
        return console;
    }

    @Test
    void linesTravelBothWays() throws Exception {
        try (Console console = open("5s"); PtyPeer board = new PtyPeer(pair.a().toString())) {
            board.write("boot: qualify board v1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(console.expect(Pattern.compile("qualify board v(\\d)"), WAIT).groups()).containsExactly("1");

            console.sendLine("start");
            assertThat(new String(board.read(7, WAIT), StandardCharsets.US_ASCII)).isEqualTo("start\r\n");
        }
    }

    @Test
    void fiveMebibytesOfRandomBinaryCrossByteExactInBothDirections() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(data);
        try (Console console = open("5s"); PtyPeer board = new PtyPeer(pair.a().toString())) {
            Thread writer = new Thread(() -> {
                try {
                    board.write(data);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> transcript.receivedCount() >= data.length);
            writer.join();
            assertThat(sha256(transcript.received())).isEqualTo(sha256(data));

            byte[] back = new byte[data.length];
            for (int i = 0; i < back.length; i++) back[i] = (byte) (data[i] ^ 0x5A);
            Thread sender = new Thread(() -> console.write(back));
            sender.start();
            byte[] got = board.read(back.length, Duration.ofSeconds(60));
            sender.join();
            assertThat(sha256(got)).isEqualTo(sha256(back));
        }
    }

    @Test
    void portKilledDuringReadFailsTheWaitWithInfrastructureErrorNamingPortAndLastBytes() throws Exception {
        try (Console console = open("1s"); PtyPeer board = new PtyPeer(pair.a().toString())) {
            board.write("last words before the crash\n".getBytes(StandardCharsets.US_ASCII));
            console.expect(Pattern.compile("before the crash"), WAIT);
            Thread killer = new Thread(() -> {
                sleep(300);
                pair.kill();
            });
            killer.start();
            assertThatThrownBy(() -> console.expect(Pattern.compile("never printed"), Duration.ofSeconds(60)))
                    .isInstanceOf(InfrastructureException.class)
                    .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("port-gone"))
                    .hasMessageContaining(pair.b().toString())
                    .hasMessageContaining("did not come back within 1000 ms")
                    .hasMessageContaining("last words before the crash");
            killer.join();
        }
    }

    @Test
    void portThatComesBackWithinTheDeadlineIsReopenedAndKeepsWorking() throws Exception {
        try (Console console = open("20s")) {
            try (PtyPeer board = new PtyPeer(pair.a().toString())) {
                board.write("first life\n".getBytes(StandardCharsets.US_ASCII));
                console.expect(Pattern.compile("first life"), WAIT);
            }
            pair.kill();
            await().atMost(WAIT).until(() -> transcript.notes().stream().anyMatch(n -> n.contains("is gone")));
            pair.start();
            await().atMost(WAIT).until(() -> transcript.notes().stream().anyMatch(n -> n.startsWith("reopened")));
            try (PtyPeer board = new PtyPeer(pair.a().toString())) {
                board.write("second life\n".getBytes(StandardCharsets.US_ASCII));
                console.expect(Pattern.compile("second life"), WAIT);
                console.sendLine("ping");
                assertThat(new String(board.read(6, WAIT), StandardCharsets.US_ASCII)).isEqualTo("ping\r\n");
            }
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
