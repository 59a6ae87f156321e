package dev.qualify.cloud.capture;

/** Which way a packet went, seen from the broker. */
public enum Direction {
    /** From the client to the broker. */
    IN,
    /** From the broker to the client. */
    OUT
}
