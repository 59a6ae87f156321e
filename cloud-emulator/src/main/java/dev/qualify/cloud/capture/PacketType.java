package dev.qualify.cloud.capture;

/** MQTT control packet types. */
public enum PacketType {
    CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ,
    PINGRESP, DISCONNECT, AUTH, MALFORMED
}
