package dev.qualify.cloud.capture;

import java.time.Instant;

/**
 * A network-level event of one connection: OPENED, TLS_ESTABLISHED, TLS_FAILED, CONNACK_WITHHELD, PUBLISH_DENIED,
 * CLOSED.
 */
public record ConnectionEvent(long sequence, Instant at, long nanos, String connectionId, String listener, String remoteAddress,
                              String event, String detail) {
}
