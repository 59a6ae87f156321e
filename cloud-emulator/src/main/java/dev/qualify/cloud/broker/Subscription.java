package dev.qualify.cloud.broker;

/**
 * One subscription of a session.
 *
 * @param filter            the topic filter as subscribed; a shared subscription keeps its {@code $share/{group}/}
 *                          prefix here (MQTT 5 §4.8.2), so UNSUBSCRIBE compares it character by character
 * @param qos               the granted maximum QoS
 * @param noLocal           MQTT 5: do not send the client its own messages
 * @param retainAsPublished MQTT 5: keep the retain flag of forwarded messages
 * @param retainHandling    MQTT 5: 0 send retained at subscribe, 1 only for a new subscription, 2 never
 * @param subscriptionId    MQTT 5 Subscription Identifier (§3.8.2.1.2), 1 to 268,435,455; 0 for none
 */
public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
                           int subscriptionId) {

    /** A subscription without a Subscription Identifier. */
    public Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        this(filter, qos, noLocal, retainAsPublished, retainHandling, 0);
    }

    /** Whether this is a shared subscription ({@code $share/{group}/{filter}}). */
    public boolean isShared() {
        return SharedSubscriptions.isShared(filter);
    }
}
