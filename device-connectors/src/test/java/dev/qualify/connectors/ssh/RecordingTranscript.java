package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Transcript;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transcript that keeps the notes, for asserting what a driver reported. */
final class RecordingTranscript implements Transcript {
    final List<String> notes = new CopyOnWriteArrayList<>();

    @Override public void received(byte[] bytes, int offset, int length) { }
    @Override public void sent(byte[] bytes) { }
    @Override public void note(String text) { notes.add(text); }
}
