package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * Where a console's raw output and our input go, with timestamps. The engine keeps the raw output in the group's
 * log and gives each test's log the device text that test read. Implementations never throw: a log that cannot be
 * written must not fail a test.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Transcript {
    /** Bytes received from the device. */
    void received(byte[] bytes, int offset, int length);

    /**
     * Device text a reader took from a console (decoded, escape sequences removed), each piece once, in the order
     * it was read: what a test's log shows as the device's output. A suite that reads ahead of its tests (Unity
     * results, read before the test that reports each) gives each test its lines with this method. The default
     * ignores it: a transcript that logs {@link #received raw bytes} has them already.
     */
    default void read(CharSequence text) {
    }

    /** Bytes sent to the device. */
    void sent(byte[] bytes);

    /** A harness note (a command run, a power action). */
    void note(String text);

    /** Discards everything. */
    Transcript NONE = new Transcript() {
        @Override public void received(byte[] bytes, int offset, int length) { }
        @Override public void sent(byte[] bytes) { }
        @Override public void note(String text) { }
    };
}
