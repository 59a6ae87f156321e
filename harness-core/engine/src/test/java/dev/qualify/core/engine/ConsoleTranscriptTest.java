package dev.qualify.core.engine;

import dev.qualify.api.driver.StreamConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real TCP console whose device sends far ahead of the tests that read it: the group's log gets every byte in the
 * order it came, each test's log exactly the lines that test read, and bytes that come between two groups reach the
 * next group's log.
 */
class ConsoleTranscriptTest {
    private static final Pattern DEVICE_LINE = Pattern.compile("^\\[[0-9:.]+\\] (<\\+?) ?(.*)$");

    @TempDir
    Path dir;

    @Test
    void theGroupLogHasEveryLineInOrderAndEachTestLogTheLinesItRead() throws Exception {
        int lines = 20_000;
        int tests = 7;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> device = CompletableFuture.runAsync(() -> send(server, lines));
            RoutingTranscript router = new RoutingTranscript();
            TestLog group = new TestLog(dir.resolve("_group.log"), Clock.systemUTC());
            router.routeTo(group);
            List<List<Integer>> read = new ArrayList<>();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 StreamConsole console = new StreamConsole("tcp", s.getInputStream(), s.getOutputStream(), s)) {
                console.setTranscript(router.console());
                int per = lines / tests + 1;
                int left = lines;
                for (int t = 0; t < tests; t++) {
                    TestLog log = new TestLog(dir.resolve("t" + t + ".log"), Clock.systemUTC());
                    router.testStarted(log);
                    router.note("test " + t);
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < per && left > 0; i++, left--) {
                        Optional<String> l = console.readLine(Duration.ofSeconds(30));
                        assertThat(l).isPresent();
                        mine.add(number(l.get()));
                    }
                    router.testFinished();
                    log.close();
                    read.add(mine);
                }
                device.get();
            }
            router.routeTo(null);
            group.close();

            for (int t = 0; t < tests; t++) {
                assertThat(numbers(dir.resolve("t" + t + ".log"))).as("test " + t + "'s log").isEqualTo(read.get(t));
            }
            assertThat(numbers(dir.resolve("_group.log"))).isEqualTo(IntStream.rangeClosed(1, lines).boxed().toList());
            assertThat(Files.readString(dir.resolve("_group.log"))).contains("--- test 0").contains("--- test 6");
        }
    }

    @Test
    void consoleBytesBetweenTwoGroupsGoToTheNextGroupsLog() throws Exception {
        RoutingTranscript router = new RoutingTranscript();
        TestLog first = new TestLog(dir.resolve("first.log"), Clock.systemUTC());
        router.routeTo(first);
        byte[] a = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
        router.console().received(a, 0, a.length);
        router.routeTo(null);
        first.close();
        byte[] b = "line 3\n".getBytes(StandardCharsets.UTF_8);
        router.console().received(b, 0, b.length);
        TestLog second = new TestLog(dir.resolve("second.log"), Clock.systemUTC());
        router.routeTo(second);
        byte[] c = "line 4\n".getBytes(StandardCharsets.UTF_8);
        router.console().received(c, 0, c.length);
        second.close();
        assertThat(deviceLines(dir.resolve("first.log"))).containsExactly("line 1", "line 2");
        assertThat(deviceLines(dir.resolve("second.log"))).containsExactly("line 3", "line 4");
        assertThat(Files.readString(dir.resolve("second.log"))).contains("console output received between groups (7 bytes)");
    }

    @Test
    void aNoteInTheMiddleOfADeviceLineLeavesTheLineWholeWhenItsContinuationIsJoined() throws Exception {
        TestLog log = new TestLog(dir.resolve("t.log"), Clock.systemUTC());
        byte[] first = "numbered li".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "ne 42\r\nnext\n".getBytes(StandardCharsets.UTF_8);
        log.received(first, 0, first.length);
        log.note("test 2 starts");
        log.received(rest, 0, rest.length);
        log.close();
        String text = Files.readString(dir.resolve("t.log"));
        assertThat(text.split("\n")).hasSize(4);
        assertThat(text).contains("] < numbered li\n").contains("] --- test 2 starts\n").contains("] <+ ne 42\r\n");
        assertThat(deviceLines(dir.resolve("t.log"))).containsExactly("numbered line 42", "next");
    }

    /** Sends lines 1..{@code count} as {@code numbered line N}, CR LF, in large writes. */
    private static void send(ServerSocket server, int count) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            StringBuilder chunk = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                chunk.append("numbered line ").append(i).append("\r\n");
                if (chunk.length() > 3000) {
                    out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                    chunk.setLength(0);
                }
            }
            out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // the console reads the rest before the connection closes
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int number(String line) {
        return Integer.parseInt(line.substring("numbered line ".length()).strip());
    }

    private static List<Integer> numbers(Path log) throws Exception {
        return deviceLines(log).stream().filter(l -> l.startsWith("numbered line ")).map(ConsoleTranscriptTest::number).toList();
    }

    /** The device lines of a log, a {@code <+} line joined to the one before. */
    private static List<String> deviceLines(Path log) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readString(log, StandardCharsets.UTF_8).replace("\r", "").split("\n")) {
            Matcher m = DEVICE_LINE.matcher(l);
            if (!m.matches()) continue;
            if (m.group(1).equals("<+") && !out.isEmpty()) out.set(out.size() - 1, out.get(out.size() - 1) + m.group(2));
            else out.add(m.group(2));
        }
        return out;
    }
}
