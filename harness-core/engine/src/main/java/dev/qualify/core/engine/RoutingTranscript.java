package dev.qualify.core.engine;

import dev.qualify.api.device.Transcript;

/**
 * A device's transcript that the engine points at the log of whatever runs now: the group's log between tests,
 * the test's log during a test.
 */
public final class RoutingTranscript implements Transcript {
    private volatile Transcript target = Transcript.NONE;

    public void routeTo(Transcript t) {
        target = t == null ? Transcript.NONE : t;
    }

    @Override
    public void received(byte[] bytes, int offset, int length) {
        target.received(bytes, offset, length);
    }

    @Override
    public void sent(byte[] bytes) {
        target.sent(bytes);
    }

    @Override
    public void note(String text) {
        target.note(text);
    }
}
