package dev.qualify.cloud.broker;

import io.netty.handler.codec.mqtt.MqttMessage;

/**
 * Sees every MQTT packet in both directions and every connection event; used for packet capture. Called on
 * event-loop threads before the packet is processed (inbound) or encoded (outbound); must not keep the message.
 */
public interface PacketObserver {

    /** @param clientId the client id once known (null before CONNECT was read) */
    void packet(String connectionId, String clientId, boolean inbound, MqttMessage message);

    /** @param event OPENED, TLS_ESTABLISHED, TLS_FAILED or CLOSED */
    void connection(String connectionId, String listener, String remoteAddress, String event, String detail);

    /** A TLS ClientHello read before the handshake (listeners that peek at it); ignored by default. */
    default void clientHello(dev.qualify.cloud.capture.TlsClientHello hello) {
    }
}
