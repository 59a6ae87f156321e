package dev.qualify.cloud.broker;

/**
 * One subscription of a session.
 *
 * @param filter            the topic filter
 * @param qos               the granted maximum QoS
 * @param noLocal           MQTT 5: do not send the client its own messages
 * @param retainAsPublished MQTT 5: keep the retain flag of forwarded messages
 * @param retainHandling    MQTT 5: 0 send retained at subscribe, 1 only for a new subscription, 2 never
 */
public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
}
