package dev.qualify.samples.virtualboard;

import java.nio.file.Path;

/**
 * Misbehaviours of the TLS transport, the OTA PAL and the UART link (kept apart from {@link BoardConfig}'s output
 * faults).
 *
 * @param wrongTlsCert    {@code --wrong-tls-cert}: the TLS transport presents a certificate (and key) it made
 *                        itself instead of {@code TRANSPORT_CLIENT_CERTIFICATE}, one the echo server never issued
 * @param badOtaSignature {@code --bad-ota-signature}: the OTA PAL flips a bit of every signature before checking
 *                        it, so no signature verifies
 * @param dropPortMarker  {@code --drop-port-once}: after {@link Console#DROP_AFTER_RESULTS} result lines the board
 *                        closes its UART connection and falls silent, unless this file exists; it creates the file
 *                        first, so it does this once across power cycles. Null: never
 */
public record BoardFaults(boolean wrongTlsCert, boolean badOtaSignature, Path dropPortMarker) {

    /** A board without these faults. */
    public static final BoardFaults NONE = new BoardFaults(false, false);

    /** Faults of the transport and the OTA PAL only. */
    public BoardFaults(boolean wrongTlsCert, boolean badOtaSignature) {
        this(wrongTlsCert, badOtaSignature, null);
    }
}
