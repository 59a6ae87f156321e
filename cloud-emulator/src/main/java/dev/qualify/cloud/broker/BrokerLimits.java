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
 * @param minKeepAliveSeconds    shortest keep-alive: a shorter requested one is raised to it and, for MQTT 5, announced
 *                               as Server Keep Alive (MQTT 5 §3.2.2.3.14). IoT Core's range is 30-1200 s; the default
 *                               here is 0 (no minimum) so keep-alive checks of a qualification run take seconds
 */
public record BrokerLimits(int maxPayloadBytes, int maxTopicBytes, int maxTopicSlashes, int maxClientIdBytes,
                           int maxSubscriptionsPerRequest, int maxKeepAliveSeconds, long maxSessionExpirySeconds,
                           int topicAliasMaximum, int inflightWindow, int maxQueuedPerClient, int minKeepAliveSeconds) {

    public static final BrokerLimits IOT_CORE = new BrokerLimits(128 * 1024, 256, 7, 128, 8, 1200, 3600, 8, 100, 1000);

    /** The limits without a minimum keep-alive (the shape these limits had before {@code minKeepAliveSeconds}). */
    public BrokerLimits(int maxPayloadBytes, int maxTopicBytes, int maxTopicSlashes, int maxClientIdBytes,
                        int maxSubscriptionsPerRequest, int maxKeepAliveSeconds, long maxSessionExpirySeconds,
                        int topicAliasMaximum, int inflightWindow, int maxQueuedPerClient) {
        this(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest, maxKeepAliveSeconds,
                maxSessionExpirySeconds, topicAliasMaximum, inflightWindow, maxQueuedPerClient, 0);
    }

    /** Largest MQTT packet accepted: a maximum payload plus room for the topic and properties. */
    public int maxPacketBytes() {
        return maxPayloadBytes + maxTopicBytes + 4096;
    }

    public BrokerLimits withMaxQueuedPerClient(int n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, maxSessionExpirySeconds, topicAliasMaximum, inflightWindow, n, minKeepAliveSeconds);
    }

    public BrokerLimits withInflightWindow(int n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, maxSessionExpirySeconds, topicAliasMaximum, n, maxQueuedPerClient, minKeepAliveSeconds);
    }

    public BrokerLimits withMaxSessionExpirySeconds(long n) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxKeepAliveSeconds, n, topicAliasMaximum, inflightWindow, maxQueuedPerClient, minKeepAliveSeconds);
    }

    /** The same limits with another keep-alive range, for example IoT Core's exact one: {@code withKeepAliveRange(30, 1200)}. */
    public BrokerLimits withKeepAliveRange(int minSeconds, int maxSeconds) {
        return new BrokerLimits(maxPayloadBytes, maxTopicBytes, maxTopicSlashes, maxClientIdBytes, maxSubscriptionsPerRequest,
                maxSeconds, maxSessionExpirySeconds, topicAliasMaximum, inflightWindow, maxQueuedPerClient, minSeconds);
    }

    /** The keep-alive the broker uses for a requested one: 0 or more than the maximum becomes the maximum, less than the minimum the minimum. */
    public int keepAliveFor(int requestedSeconds) {
        if (requestedSeconds == 0 || requestedSeconds > maxKeepAliveSeconds) return maxKeepAliveSeconds;
        return Math.max(requestedSeconds, minKeepAliveSeconds);
    }
}
