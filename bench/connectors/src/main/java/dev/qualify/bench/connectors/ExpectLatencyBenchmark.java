package dev.qualify.bench.connectors;

import dev.qualify.connectors.serial.JSerialCommChannel;
import dev.qualify.connectors.serial.LineSettings;
import dev.qualify.connectors.serial.SerialChannel;
import dev.qualify.connectors.serial.SerialConsoleFactory;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.ConsoleMatch;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Latency from a line being written on the board's end of a socat pty pair to {@link Console#expect} returning on
 * the other end ({@code consoleExpect}), and, as the floor set by the pty and socat, to a raw jSerialComm read
 * returning it ({@code rawRead}). The difference is what the console driver adds to "a byte arrived".
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class ExpectLatencyBenchmark {
    private static final Pattern PING = Pattern.compile("PING \\d+\n");
    private static final byte[] LINE = "PING 12345\n".getBytes(StandardCharsets.US_ASCII);

    private PtyPair consolePair;
    private PtyPair rawPair;
    private SerialChannel consoleBoard;
    private SerialChannel rawBoard;
    private SerialChannel rawReader;
    private Console console;
    private final byte[] buf = new byte[256];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        consolePair = new PtyPair();
        consoleBoard = JSerialCommChannel.open(consolePair.a.toString(), LineSettings.DEFAULT);
        DriverContext ctx = new DriverContext("bench", Map.of(), Map.of(), Files.createTempDirectory("bench"), 1.0,
                new ProcessRegistry(), Transcript.NONE);
        console = new SerialConsoleFactory().create(Map.of("port", consolePair.b.toString()), ctx);
        rawPair = new PtyPair();
        rawBoard = JSerialCommChannel.open(rawPair.a.toString(), LineSettings.DEFAULT);
        rawReader = JSerialCommChannel.open(rawPair.b.toString(), LineSettings.DEFAULT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        console.close();
        consoleBoard.close();
        rawBoard.close();
        rawReader.close();
        consolePair.close();
        rawPair.close();
    }

    @Benchmark
    public ConsoleMatch consoleExpect() throws IOException {
        consoleBoard.write(LINE, 0, LINE.length);
        return console.expect(PING, Duration.ofSeconds(5));
    }

    @Benchmark
    public int rawRead() throws IOException {
        rawBoard.write(LINE, 0, LINE.length);
        int got = 0;
        while (got < LINE.length) {
            int n = rawReader.read(buf, got, buf.length - got);
            if (n < 0) throw new IOException("pty gone");
            got += n;
        }
        return got;
    }
}
