package dev.qualify.cloud.capture;

import java.time.Instant;
import java.util.List;

/**
 * The TLS ClientHello a device sent on one connection, as the broker saw it before the handshake.
 *
 * @param sequence          order of capture (shared with packets and connection events)
 * @param at                wall-clock time
 * @param nanos             monotonic time ({@link System#nanoTime()})
 * @param connectionId      the network connection (the same id its {@link ConnectionEvent}s and packets carry)
 * @param listener          the listener it arrived on
 * @param offeredVersions   TLS versions offered, newest first as the device listed them (e.g. {@code TLSv1.3},
 *                          {@code TLSv1.2}); from the {@code supported_versions} extension, else the legacy version
 * @param cipherSuites      IANA code points of the offered cipher suites, in the device's order
 * @param serverName        the SNI host name, or null when none was sent
 * @param servedCertificate what the listener answered with: {@code GOOD} or a
 *                          {@link dev.qualify.cloud.fault.BadServerCertificate} name
 */
public record TlsClientHello(long sequence, Instant at, long nanos, String connectionId, String listener,
                             List<String> offeredVersions, List<Integer> cipherSuites, String serverName,
                             String servedCertificate) {
    public TlsClientHello {
        offeredVersions = List.copyOf(offeredVersions);
        cipherSuites = List.copyOf(cipherSuites);
    }
}
