package dev.qualify.samples.virtualboard;

/**
 * Misbehaviours of the TLS transport and the OTA PAL (kept apart from {@link BoardConfig}'s output faults).
 *
 * @param wrongTlsCert    {@code --wrong-tls-cert}: the TLS transport presents a certificate (and key) it made
 *                        itself instead of {@code TRANSPORT_CLIENT_CERTIFICATE}, one the echo server never issued
 * @param badOtaSignature {@code --bad-ota-signature}: the OTA PAL flips a bit of every signature before checking
 *                        it, so no signature verifies
 */
public record BoardFaults(boolean wrongTlsCert, boolean badOtaSignature) {

    /** A board without these faults. */
    public static final BoardFaults NONE = new BoardFaults(false, false);
}
