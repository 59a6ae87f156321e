package dev.qualify.cloud.broker;

/**
 * A degraded network towards one client, applied below the MQTT protocol by a handler of its own.
 *
 * @param latencyMillis every packet the broker sends to the client leaves this much later (order kept)
 * @param lossRate      the chance (0 to 1) that a PUBLISH, in either direction, is dropped: an inbound one never
 *                      reaches the broker (no PUBACK), an outbound one never reaches the client
 */
public record NetworkFault(long latencyMillis, double lossRate) {
    public NetworkFault {
        if (latencyMillis < 0) throw new IllegalArgumentException("latency < 0");
        if (lossRate < 0 || lossRate > 1) throw new IllegalArgumentException("loss rate not within 0..1: " + lossRate);
    }
}
