package dev.qualify.core.engine;

import dev.qualify.api.device.Transcript;

import java.io.ByteArrayOutputStream;

/**
 * A device's transcript, which the engine points at the logs of what runs now: the group's log ({@link #routeTo})
 * and, during a test, that test's log ({@link #testStarted}).
 *
 * <ul>
 *   <li>The group's log gets everything, in order: the console's raw bytes as they arrive, command output, our
 *       input and every note (a test's notes too).</li>
 *   <li>A test's log gets the device text that test read ({@link #read}: what its console waits consumed, or the
 *       lines a suite hands it for the result it reports), and the command output, input and notes of its time.
 *       Device text goes to one test's log only, so each device line is in exactly one test's log.</li>
 *   <li>The console's raw bytes go to {@link #console()}, which writes them to the group's log only: when they
 *       arrive says nothing about which test they belong to (a board prints ahead of the test that reads it).</li>
 * </ul>
 *
 * <p>Console bytes that arrive while no group's log is routed (a board kept up between two groups of one boot)
 * are kept, up to {@value #MAX_BETWEEN} bytes, and written to the next group's log first.
 */
public final class RoutingTranscript implements Transcript {
    /** How many console bytes are kept between two groups. */
    static final int MAX_BETWEEN = 8 * 1024 * 1024;

    private final Object lock = new Object();
    private Transcript group = Transcript.NONE;
    private boolean routed;
    private Transcript test;
    private final ByteArrayOutputStream between = new ByteArrayOutputStream();
    private long droppedBetween;
    private final Transcript console = new Transcript() {
        @Override
        public void received(byte[] bytes, int offset, int length) {
            synchronized (lock) {
                if (routed) {
                    group.received(bytes, offset, length);
                    return;
                }
                int room = Math.max(0, MAX_BETWEEN - between.size());
                between.write(bytes, offset, Math.min(room, length));
                droppedBetween += Math.max(0, length - room);
            }
        }

        @Override
        public void read(CharSequence text) {
            RoutingTranscript.this.read(text);
        }

        @Override
        public void sent(byte[] bytes) {
            RoutingTranscript.this.sent(bytes);
        }

        @Override
        public void note(String text) {
            RoutingTranscript.this.note(text);
        }
    };

    /**
     * Points the transcript at a group's log, or at nothing ({@code null}) once the group ended; the console bytes
     * kept since the last group go to the new log first.
     */
    public void routeTo(Transcript groupLog) {
        synchronized (lock) {
            test = null;
            routed = groupLog != null;
            group = routed ? groupLog : Transcript.NONE;
            if (routed && (between.size() > 0 || droppedBetween > 0)) {
                group.note("console output received between groups (" + between.size() + " bytes"
                        + (droppedBetween > 0 ? ", " + droppedBetween + " more dropped" : "") + "):");
                byte[] kept = between.toByteArray();
                group.received(kept, 0, kept.length);
                between.reset();
                droppedBetween = 0;
            }
        }
    }

    /** From now on the test's log gets what the test reads, and a copy of the rest. */
    public void testStarted(Transcript testLog) {
        synchronized (lock) {
            test = testLog;
        }
    }

    /** The test ended: device text read from now on belongs to no test (the group's log has the raw bytes). */
    public void testFinished() {
        synchronized (lock) {
            test = null;
        }
    }

    /** The view a console writes to: raw bytes to the group's log only, the rest as this transcript. */
    public Transcript console() {
        return console;
    }

    /** Bytes that are not console output (a command's output): to the group's log and the test's. */
    @Override
    public void received(byte[] bytes, int offset, int length) {
        synchronized (lock) {
            group.received(bytes, offset, length);
            if (test != null) test.received(bytes, offset, length);
        }
    }

    @Override
    public void read(CharSequence text) {
        synchronized (lock) {
            if (test != null) test.read(text);
        }
    }

    @Override
    public void sent(byte[] bytes) {
        synchronized (lock) {
            group.sent(bytes);
            if (test != null) test.sent(bytes);
        }
    }

    @Override
    public void note(String text) {
        synchronized (lock) {
            group.note(text);
            if (test != null) test.note(text);
        }
    }
}
