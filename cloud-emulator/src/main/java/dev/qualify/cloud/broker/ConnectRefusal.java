package dev.qualify.cloud.broker;

import java.time.Instant;

/**
 * A CONNECT the broker refused, or a TLS handshake that failed, with the reason.
 *
 * @param clientId      the client id, or null when refused before CONNECT (TLS)
 * @param certificateId the client certificate's id, or null when there was none
 * @param returnCode    the CONNACK code sent, or -1 when none was sent
 */
public record ConnectRefusal(Instant at, String listener, String remoteAddress, String clientId, String certificateId,
                             String reason, int returnCode) {
}
