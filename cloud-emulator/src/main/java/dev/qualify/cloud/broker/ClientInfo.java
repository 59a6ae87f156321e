package dev.qualify.cloud.broker;

import java.time.Instant;

/** A connected client as the broker sees it. */
public record ClientInfo(String connectionId, String clientId, String certificateId, String thingName, String listener,
                         String remoteAddress, int protocolVersion, Instant connectedAt) {
}
