package dev.qualify.cloud.broker;

/**
 * Limits the broker enforces; the defaults are IoT Core's.
 *
 * @param maxPayloadBytes        largest PUBLISH payload accepted (IoT Core: 128 KiB)
 * @param maxTopicBytes          longest topic name or filter in UTF-8 bytes (IoT Core: 256)
 * @param maxTopicSlashes        most forward slashes in a topic or filter (IoT Core: 7)
 * @param maxClientIdBytes       longest client id (IoT Core: 128)
 * @param maxSubscriptionsPerRequest filters per SUBSCRIBE (IoT Core: 8); the rest are refused
 * @param maxKeepAliveSeconds    longest keep-alive (IoT Core: 1200); 0 from a client means this value
 * @param maxSessionExpirySeconds longest session expiry (IoT Core default: 3600)
 * @param topicAliasMaximum      MQTT 5 topic aliases a client may use (IoT Core: 8)
 * @param inflightWindow         unacknowledged QoS 1/2 messages towards one client (also capped by its Receive
 *                               Maximum)
 * @param maxQueuedPerClient     QoS 1/2 messages queued for one client (offline or slow); more are dropped and
 *                               counted
 */
public record BrokerLimits(int maxPayloadBytes, int maxTopicBytes, int maxTopicSlashes, int maxClientIdBytes,
                           int maxSubscriptionsPerRequest, int maxKeepAliveSeconds, long maxSessionExpirySeconds,
                           int topicAliasMaximum, int inflightWindow, int maxQueuedPerClient) {

    public static final BrokerLimits IOT_CORE = new BrokerLimits(128 * 1024, 256, 7, 128, 8, 1200, 3600, 8, 100, 1000);

    /** Largest MQTT packet accepted: a maximum payload plus room for the topic and properties. */
    public int maxPacketBytes() {
        return maxPayloadBytes + maxTopicBytes + 4096;
    }

    public BrokerLimits withMaxQueuedPerClient(int n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, maxSessionExpirySeconds, topicAliasMaximum, inflightWindow, n);
    }

    public BrokerLimits withInflightWindow(int n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, maxSessionExpirySeconds, topicAliasMaximum, n, maxQueuedPerClient);
    }

    public BrokerLimits withMaxSessionExpirySeconds(long n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, n, topicAliasMaximum, inflightWindow, maxQueuedPerClient);
    }
}
