package dev.qualify.connectors.serial;

import dev.qualify.api.device.Transcript;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A {@link Transcript} that keeps everything, for assertions. Thread-safe. */
public final class RecordingTranscript implements Transcript {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<String> notes = new ArrayList<>();

    @Override
    public synchronized void received(byte[] bytes, int offset, int length) {
        received.write(bytes, offset, length);
    }

    @Override
    public synchronized void sent(byte[] bytes) {
        sent.writeBytes(bytes);
    }

    @Override
    public synchronized void note(String text) {
        notes.add(text);
    }

    public synchronized byte[] received() {
        return received.toByteArray();
    }

    public synchronized int receivedCount() {
        return received.size();
    }

    public synchronized byte[] sent() {
        return sent.toByteArray();
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
