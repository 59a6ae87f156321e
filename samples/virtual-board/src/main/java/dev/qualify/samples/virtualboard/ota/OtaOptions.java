package dev.qualify.samples.virtualboard.ota;

import picocli.CommandLine.Option;

/** The {@code virtual-board run} options of the OTA agent's misbehaviours (a picocli mixin). */
public final class OtaOptions {
    @Option(names = "--ota-accept-unsigned",
            description = "The OTA agent downloads and activates a file whose job document has no signature.")
    boolean acceptUnsigned;

    @Option(names = "--ota-accept-same-version",
            description = "The new image's self-test accepts the version it replaced.")
    boolean acceptSameVersion;

    @Option(names = "--ota-accept-previous-version",
            description = "The new image's self-test accepts a version older than the one it replaced.")
    boolean acceptPreviousVersion;

    @Option(names = "--ota-no-rollback",
            description = "A new image that cannot connect, or boots twice without being accepted, stays.")
    boolean noRollback;

    @Option(names = "--ota-no-resume",
            description = "A download cut by a lost connection is given up (job FAILED) instead of resumed.")
    boolean noResume;

    /** The faults these options select. */
    public OtaFaults faults() {
        return new OtaFaults(acceptUnsigned, acceptSameVersion, acceptPreviousVersion, noRollback, noResume);
    }
}
