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
 * @param crash           {@code --crash-after N}: after N result lines the board's process crashes (says so on stderr
 *                        and exits with status {@value #CRASH_STATUS}, as a simulator that dies does); null = never
 * @param fallbackImage   {@code --fall-back-to FILE}: after {@value Console#REBOOT_AFTER_RESULTS} result lines the board
 *                        reboots once, from this image instead of its flash (a board falling back to its other slot);
 *                        null = never
 */
public record BoardFaults(boolean wrongTlsCert, boolean badOtaSignature, Path dropPortMarker, Crash crash,
                          Path fallbackImage) {

    /** The exit status of {@code --crash-after}. */
    public static final int CRASH_STATUS = 3;

    /** A board without these faults. */
    public static final BoardFaults NONE = new BoardFaults(false, false);

    /** TLS/OTA faults only. */
    public BoardFaults(boolean wrongTlsCert, boolean badOtaSignature) {
        this(wrongTlsCert, badOtaSignature, null, null, null);
    }

    /**
     * A crash of the board after some result lines.
     *
     * @param afterResults how many result lines come before it, at least 1
     * @param action       what crashing is (the command line ends the process)
     */
    public record Crash(int afterResults, Runnable action) {
        public Crash {
            if (afterResults < 1) throw new IllegalArgumentException("afterResults must be at least 1: " + afterResults);
        }
    }
}
