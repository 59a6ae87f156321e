package dev.qualify.cloud.broker;

import java.util.HashSet;
import java.util.Set;

/**
 * The broker's side of MQTT 5 flow control for one connection (OASIS MQTT 5.0 §4.9, §3.3.4): how many QoS 1 and QoS 2
 * PUBLISH packets the client sent that the broker has not finished acknowledging (a QoS 1 one until PUBACK, a QoS 2
 * one until PUBCOMP). The broker announces its Receive Maximum in CONNACK (§3.2.2.3.3); a client that sends a new QoS
 * 1/2 PUBLISH while that many are unacknowledged exceeded it, and is disconnected with 0x93 (Receive Maximum
 * exceeded). A re-sent PUBLISH with a packet id still unacknowledged is not a new one.
 *
 * <p>The broker answers a QoS 1 PUBLISH at once, so normally only QoS 2 ones awaiting PUBREL count; QoS 1 ones count
 * while a scripted misbehaviour withholds PUBACK. Used on the connection's event loop only; no allocation per message.
 */
final class ReceiveQuota {
    private final int maximum;
    private int qos2Unfinished;
    private Set<Integer> qos1Withheld;

    ReceiveQuota(int maximum) {
        this.maximum = maximum;
    }

    /** True when a new QoS 1/2 PUBLISH now would exceed the Receive Maximum. */
    boolean full() {
        return qos2Unfinished + (qos1Withheld == null ? 0 : qos1Withheld.size()) >= maximum;
    }

    /** A QoS 1 packet id whose PUBACK is withheld (a re-send of it is not new). */
    boolean isWithheld(int packetId) {
        return qos1Withheld != null && qos1Withheld.contains(packetId);
    }

    void withheldQos1(int packetId) {
        if (qos1Withheld == null) qos1Withheld = new HashSet<>();
        qos1Withheld.add(packetId);
    }

    /** A new QoS 2 PUBLISH was taken (PUBREC sent or withheld). */
    void qos2Received() {
        qos2Unfinished++;
    }

    /** PUBREL received for a QoS 2 PUBLISH (the PUBCOMP follows); ids from an earlier connection may end here too. */
    void qos2Released() {
        if (qos2Unfinished > 0) qos2Unfinished--;
    }
}
