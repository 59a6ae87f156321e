package dev.qualify.testkit;

import dev.qualify.api.device.Console;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.api.driver.StreamConsole;
import org.apiguardian.api.API;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Console} that plays back a device's output from a {@link Script} and records what the test sent: the
 * fake of a UART for tests of suites and of the engine.
 *
 * <p>It is a real {@link StreamConsole} (so {@link ConsoleMonitoring} too) over in-memory streams, so matching,
 * {@code readLine}, death strings, timeouts and transcripts behave exactly as with a real driver. The script runs
 * on its own daemon thread from the moment the console is opened:
 * <ul>
 *   <li>{@link Script#print} text is delivered to the console as if the device printed it;</li>
 *   <li>{@link Script#afterReceiving} holds the rest of the script back until the test has sent that line (a line
 *       is what {@link #sendLine} sends, without its line terminator); a line sent before the script reached the
 *       gate counts too, each sent line releases at most one gate;</li>
 *   <li>{@link Script#pause} waits, {@link Script#disconnect} ends the stream (the console then reports
 *       {@code port-gone}, like a device that went away).</li>
 * </ul>
 * When the script has played through, the console stays open and silent, like a board that stopped printing.
 * Closing the console stops the script. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ScriptedConsole extends StreamConsole {
    private final Player player;

    private ScriptedConsole(String name, Player player) {
        super(name, player.input, player.output, player);
        this.player = player;
        player.start(name);
    }

    /** An empty script to add steps to. */
    public static Script script() {
        return new Script();
    }

    /** A console that prints {@code output} at once and then stays silent. */
    public static ScriptedConsole playing(String output) {
        return script().print(output).open();
    }

    /** Everything the test sent, decoded as UTF-8, line terminators included. */
    public String sent() {
        return player.output.text();
    }

    /** The lines the test sent, without their terminators, in order. */
    public List<String> sentLines() {
        return player.output.lines();
    }

    /** Whether the console was closed (by the test or, normally, by the engine). */
    public boolean isClosed() {
        return player.closed;
    }

    /** Whether every step of the script was played (a script held at a gate has not). */
    public boolean scriptDone() {
        return player.done;
    }

    /**
     * Waits until the script has played through.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitScriptDone(Duration timeout) throws InterruptedException {
        return player.finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A device's output as a sequence of steps; reusable: each {@link #open()} plays it from the start on a new
     * console, as a board prints its boot output again after every power cycle. Not thread-safe while being built.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Script {
        private final List<Step> steps = new ArrayList<>();
        private String name = "scripted console";

        private Script() {
        }

        /** The console's {@link Console#name()}, used in every error message. */
        public Script named(String consoleName) {
            this.name = consoleName;
            return this;
        }

        /** The device prints {@code text} exactly as given (add {@code \n} yourself). */
        public Script print(String text) {
            steps.add(new Step(Kind.PRINT, text, null));
            return this;
        }

        /** The device prints {@code line} followed by CR LF. */
        public Script line(String line) {
            return print(line + "\r\n");
        }

        /** The rest of the script waits until the test sent {@code line} (compared without its terminator). */
        public Script afterReceiving(String line) {
            steps.add(new Step(Kind.AWAIT, line, null));
            return this;
        }

        /** The device is silent for {@code d}. */
        public Script pause(Duration d) {
            steps.add(new Step(Kind.PAUSE, null, d));
            return this;
        }

        /** The device side closes the stream: waits fail with {@code port-gone}. */
        public Script disconnect() {
            steps.add(new Step(Kind.DISCONNECT, null, null));
            return this;
        }

        /** A new console playing this script from its first step. */
        public ScriptedConsole open() {
            return new ScriptedConsole(name, new Player(List.copyOf(steps)));
        }
    }

    private enum Kind { PRINT, AWAIT, PAUSE, DISCONNECT }

    private record Step(Kind kind, String text, Duration pause) {
    }

    /** Runs the script into the console's input and watches what is sent. */
    private static final class Player implements AutoCloseable {
        final Input input = new Input();
        final Recorder output = new Recorder();
        final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        private final List<Step> steps;
        private Thread thread;
        volatile boolean closed;
        volatile boolean done;

        Player(List<Step> steps) {
            this.steps = steps;
        }

        void start(String name) {
            thread = new Thread(this::play, "script of " + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void play() {
            try {
                for (Step s : steps) {
                    if (closed) return;
                    switch (s.kind()) {
                        case PRINT -> input.feed(s.text().getBytes(StandardCharsets.UTF_8));
                        case AWAIT -> output.awaitLine(s.text());
                        case PAUSE -> Thread.sleep(s.pause().toMillis());
                        case DISCONNECT -> input.end();
                    }
                }
                done = true;
                finished.countDown();
            } catch (InterruptedException e) {
                // closed
            }
        }

        @Override
        public void close() {
            closed = true;
            input.end();
            if (thread != null) thread.interrupt();
        }
    }

    /** The device's output: bytes fed by the script, read by the console's reader thread. */
    private static final class Input extends InputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean ended;

        synchronized void feed(byte[] bytes) {
            pending.writeBytes(bytes);
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pending.size() == 0 && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            if (pending.size() == 0) return -1;
            byte[] all = pending.toByteArray();
            int n = Math.min(len, all.length);
            System.arraycopy(all, 0, b, off, n);
            pending.reset();
            pending.write(all, n, all.length - n);
            return n;
        }

        @Override
        public void close() {
            end();
        }
    }

    /** What the test sent: kept as text and as complete lines; wakes the script at a gate. */
    private static final class Recorder extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private int released;

        @Override
        public synchronized void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            all.write(b, off, len);
            partial.append(new String(b, off, len, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl);
                if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
                lines.add(line);
                partial.delete(0, nl + 1);
            }
            notifyAll();
        }

        /** Waits for a sent line equal to {@code line} that has not released a gate yet. */
        synchronized void awaitLine(String line) throws InterruptedException {
            while (true) {
                for (int i = released; i < lines.size(); i++) {
                    if (lines.get(i).equals(line)) {
                        released = i + 1;
                        return;
                    }
                }
                wait();
            }
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
