package dev.qualify.cloud.capture;

/**
 * Receives what a {@link PacketLog} records, as it is recorded. Called on the broker's event-loop threads: an
 * implementation must return at once (hand the entry to a thread of its own) and must not throw.
 */
public interface PacketSink {

    void packet(CapturedPacket packet);

    void event(ConnectionEvent event);
}
