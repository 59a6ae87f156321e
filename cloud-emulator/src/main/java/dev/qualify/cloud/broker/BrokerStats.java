package dev.qualify.cloud.broker;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the broker since start. Thread-safe; values are read without a snapshot. */
public final class BrokerStats {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectsRefused = new LongAdder();
    final LongAdder publishesReceived = new LongAdder();
    final LongAdder publishesSent = new LongAdder();
    final LongAdder droppedNotWritable = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedExpired = new LongAdder();
    final LongAdder droppedTooLarge = new LongAdder();

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    public long connectsRefused() {
        return connectsRefused.sum();
    }

    public long publishesReceived() {
        return publishesReceived.sum();
    }

    public long publishesSent() {
        return publishesSent.sum();
    }

    /** QoS 0 messages dropped because the subscriber's connection could not take more (back-pressure). */
    public long droppedNotWritable() {
        return droppedNotWritable.sum();
    }

    /** QoS 1/2 messages dropped because the subscriber's queue was full. */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Messages dropped because their MQTT 5 message expiry passed before delivery. */
    public long droppedExpired() {
        return droppedExpired.sum();
    }

    /** Messages not sent because they exceeded the client's MQTT 5 Maximum Packet Size. */
    public long droppedTooLarge() {
        return droppedTooLarge.sum();
    }

    @Override
    public String toString() {
        return "BrokerStats[accepted=" + connectionsAccepted() + ", refused=" + connectsRefused() + ", in=" + publishesReceived()
                + ", out=" + publishesSent() + ", droppedNotWritable=" + droppedNotWritable() + ", droppedQueueFull="
                + droppedQueueFull() + ", droppedExpired=" + droppedExpired() + ", droppedTooLarge=" + droppedTooLarge() + "]";
    }
}
