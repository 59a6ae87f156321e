package dev.qualify.cloud.broker;

import io.netty.handler.codec.mqtt.MqttProperties;

import java.util.List;

/**
 * An application message as routed by the broker. The payload array is never modified after construction and is
 * shared between deliveries.
 *
 * @param topic           topic name
 * @param payload         payload bytes
 * @param qos             QoS it was published with
 * @param retain          retain flag as published
 * @param expiresAtMillis wall-clock millis when it expires (MQTT 5 message expiry), or 0 for never
 * @param userProperties  MQTT 5 user properties, in order
 * @param forwarded       other MQTT 5 properties forwarded unchanged (payload format, content type, response
 *                        topic, correlation data); never null
 * @param publisher       client id of the publisher, or null for messages of the cloud itself
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, long expiresAtMillis,
                      List<MqttProperties.StringPair> userProperties, MqttProperties forwarded, String publisher) {
    public Message {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
        if (forwarded == null) forwarded = MqttProperties.NO_PROPERTIES;
    }

    /** A plain message from the cloud (services, lifecycle events). */
    public static Message internal(String topic, byte[] payload, int qos) {
        return new Message(topic, payload, qos, false, 0, List.of(), MqttProperties.NO_PROPERTIES, null);
    }

    public boolean isExpired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", bytes=" + payload.length + ", qos=" + qos + ", retain=" + retain + "]";
    }
}
