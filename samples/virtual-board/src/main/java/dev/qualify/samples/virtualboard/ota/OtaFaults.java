package dev.qualify.samples.virtualboard.ota;

/**
 * Misbehaviours of the OTA agent, each the wrong behaviour one OTA end-to-end case exists to catch.
 *
 * @param acceptUnsigned        accepts a file whose job document carries no signature
 * @param acceptSameVersion     the self-test accepts an image of the version it replaced
 * @param acceptPreviousVersion the self-test accepts an image older than the one it replaced
 * @param noRollback            a new image that cannot connect stays (the boot loader never goes back)
 * @param noResume              a download cut by a disconnect is abandoned (job FAILED), not resumed
 */
public record OtaFaults(boolean acceptUnsigned, boolean acceptSameVersion, boolean acceptPreviousVersion,
                        boolean noRollback, boolean noResume) {
    /** A well-behaved agent. */
    public static final OtaFaults NONE = new OtaFaults(false, false, false, false, false);

    private static volatile OtaFaults current = NONE;

    /** The board's OTA misbehaviours ({@code virtual-board run --ota-*}), for every boot's agent. */
    public static void use(OtaFaults f) {
        current = f;
    }

    /** What {@link #use} set; {@link #NONE} by default. */
    public static OtaFaults current() {
        return current;
    }
}
