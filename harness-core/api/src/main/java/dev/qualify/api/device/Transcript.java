package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * Where a console's raw output and our input go, with timestamps; the engine points it at the current test's
 * log. Implementations never throw: a log that cannot be written must not fail a test.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Transcript {
    /** Bytes received from the device. */
    void received(byte[] bytes, int offset, int length);

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
