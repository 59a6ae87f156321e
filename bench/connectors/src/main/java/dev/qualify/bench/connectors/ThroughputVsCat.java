package dev.qualify.bench.connectors;

import dev.qualify.connectors.serial.JSerialCommChannel;
import dev.qualify.connectors.serial.LineSettings;
import dev.qualify.connectors.serial.PortSource;
import dev.qualify.connectors.serial.ReopeningPort;
import dev.qualify.connectors.serial.SerialChannel;
import dev.qualify.connectors.serial.SerialConsoleFactory;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Scenario benchmark: bytes per second through a socat pty pair into (a) {@code cat} reading the pty, its output
 * read by this JVM through a pipe, and (b) the {@code serial} console driver, consumed line by line with
 * {@link Console#readLine} as a Unity parser does. The same writer (jSerialComm on the other end) sends the same
 * printable log-like lines to both, alternately, in the same run; the median of the rounds is reported.
 *
 * <p>Usage: {@code ThroughputVsCat [MiB per round, default 8] [rounds, default 5]}.
 */
public final class ThroughputVsCat {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ThroughputVsCat() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        byte[] payload = payload(mib * 1024 * 1024);
        List<Double> cat = new ArrayList<>();
        List<Double> console = new ArrayList<>();
        List<Double> port = new ArrayList<>();
        for (int w = 0; w < warmups; w++) { // warm-up rounds, not counted: the JIT compiles the console's paths
            catRound(payload);
            consoleRound(payload);
            portRound(payload);
        }
        for (int r = 0; r < rounds; r++) {
            cat.add(catRound(payload));
            console.add(consoleRound(payload));
            port.add(portRound(payload));
        }
        double catMedian = median(cat);
        double consoleMedian = median(console);
        System.out.printf("payload %d MiB of 80-byte lines, %d rounds each (after %d warm-up rounds each)%n", mib, rounds, warmups);
        System.out.printf("cat     : median %.1f MB/s  rounds %s%n", catMedian, format(cat));
        System.out.printf("console : median %.1f MB/s  rounds %s%n", consoleMedian, format(console));
        System.out.printf("port    : median %.1f MB/s  rounds %s  (the serial driver's stream alone, no console)%n",
                median(port), format(port));
        System.out.printf("console/cat: %.1f %% (target >= 90 %%)%n", 100 * consoleMedian / catMedian);
    }

    /** Lines of 79 printable characters and a newline, like a chatty firmware log, ending with END. */
    static byte[] payload(int size) {
        Random random = new Random(1);
        StringBuilder sb = new StringBuilder(size + 100);
        int n = 0;
        while (sb.length() < size - 84) {
            sb.append(String.format("%08d ", n++));
            for (int i = 0; i < 70; i++) sb.append((char) ('a' + random.nextInt(26)));
            sb.append('\n');
        }
        sb.append("END\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** MB/s for cat. */
    static double catRound(byte[] payload) throws Exception {
        try (PtyPair pair = new PtyPair(); SerialChannel writer = JSerialCommChannel.open(pair.a.toString(), LineSettings.DEFAULT)) {
            Process cat = new ProcessBuilder("cat", pair.b.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                InputStream out = cat.getInputStream();
                prime(writer, () -> {
                    byte[] buf = new byte[64];
                    return out.available() > 0 && new String(buf, 0, out.read(buf), StandardCharsets.US_ASCII).contains("READY");
                });
                Thread.sleep(100);
                while (out.available() > 0) out.read(new byte[out.available()]);
                long start = System.nanoTime();
                Thread w = send(writer, payload);
                byte[] buf = new byte[65536];
                long got = 0;
                while (got < payload.length) {
                    int n = out.read(buf);
                    if (n < 0) throw new IOException("cat ended early");
                    got += n;
                }
                long took = System.nanoTime() - start;
                w.join();
                return payload.length / (took / 1e9) / 1e6;
            } finally {
                ProcessRegistry.destroyTree(cat, Duration.ofSeconds(1));
            }
        }
    }

    /** MB/s for the serial console driver. */
    static double consoleRound(byte[] payload) throws Exception {
        try (PtyPair pair = new PtyPair(); SerialChannel writer = JSerialCommChannel.open(pair.a.toString(), LineSettings.DEFAULT)) {
            DriverContext ctx = new DriverContext("bench", Map.of(), Map.of(), Files.createTempDirectory("bench"), 1.0,
                    new ProcessRegistry(), Transcript.NONE);
            try (Console console = new SerialConsoleFactory().create(Map.of("port", pair.b.toString()), ctx)) {
                prime(writer, () -> {
                    try {
                        console.expect(Pattern.compile("READY"), Duration.ofMillis(20));
                        return true;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
                console.awaitSilence(Duration.ofMillis(100), WAIT);
                while (console.readLine(Duration.ZERO).isPresent()) {
                    // drop the extra READY lines
                }
                long start = System.nanoTime();
                Thread w = send(writer, payload);
                long chars = 0;
                while (true) {
                    Optional<String> line = console.readLine(WAIT);
                    if (line.isEmpty()) throw new IOException("console stalled after " + chars + " chars");
                    chars += line.get().length() + 1;
                    if (line.get().equals("END")) break;
                }
                long took = System.nanoTime() - start;
                w.join();
                if (chars != payload.length) throw new IOException("console delivered " + chars + " of " + payload.length);
                return payload.length / (took / 1e9) / 1e6;
            }
        }
    }

    /** MB/s for the serial driver's reopening stream alone (no decoding, no matching): where the time goes. */
    static double portRound(byte[] payload) throws Exception {
        try (PtyPair pair = new PtyPair(); SerialChannel writer = JSerialCommChannel.open(pair.a.toString(), LineSettings.DEFAULT);
             ReopeningPort port = new ReopeningPort(PortSource.path(pair.b.toString()), JSerialCommChannel::open,
                     LineSettings.DEFAULT, Duration.ofSeconds(5), Duration.ofMillis(50), note -> { })) {
            port.open();
            InputStream in = port.input();
            byte[] buf = new byte[8192];
            prime(writer, () -> new String(buf, 0, Math.max(0, in.read(buf)), StandardCharsets.US_ASCII).contains("READY"));
            Thread.sleep(100);
            long start = System.nanoTime();
            Thread w = send(writer, payload);
            long got = 0;
            long last4 = 0; // the last four bytes seen, across reads: "END\n" may be split between two reads
            final long endMarker = ((long) 'E' << 24) | ((long) 'N' << 16) | ((long) 'D' << 8) | '\n';
            while ((last4 & 0xFFFFFFFFL) != endMarker) {
                int n = in.read(buf);
                if (n < 0) throw new IOException("port gone");
                got += n;
                for (int i = Math.max(0, n - 4); i < n; i++) last4 = (last4 << 8) | (buf[i] & 0xFF);
            }
            long took = System.nanoTime() - start;
            w.join();
            return got / (took / 1e9) / 1e6;
        }
    }

    private interface Check {
        boolean seen() throws Exception;
    }

    /** Writes READY until the reader has seen it, so timing starts with the reader attached. */
    private static void prime(SerialChannel writer, Check seen) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] ready = "READY\n".getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            writer.write(ready, 0, ready.length);
            Thread.sleep(20);
            if (seen.seen()) return;
        }
        throw new IOException("reader never saw READY");
    }

    private static Thread send(SerialChannel writer, byte[] payload) {
        Thread t = new Thread(() -> {
            try {
                for (int off = 0; off < payload.length; off += 65536) {
                    writer.write(payload, off, Math.min(65536, payload.length - off));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "writer");
        t.start();
        return t;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String format(List<Double> xs) {
        List<String> out = new ArrayList<>();
        for (double x : xs) out.add(String.format("%.1f", x));
        return out.toString();
    }
}
