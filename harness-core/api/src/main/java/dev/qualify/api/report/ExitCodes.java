package dev.qualify.api.report;

import org.apiguardian.api.API;


import dev.qualify.api.report.Outcome;

/** The exit codes of {@code qualify}, the same everywhere. */
@API(status = API.Status.STABLE, since = "0.1")
public final class ExitCodes {
    /** Every selected test passed (or was skipped for a stated reason). */
    public static final int PASSED = 0;
    /** At least one test failed: the device's verdict. */
    public static final int TEST_FAILED = 1;
    /** Bad usage or configuration; nothing touched a device. */
    public static final int USAGE = 2;
    /** An infrastructure error (device unreachable, flash or boot failed, broker down) and no test failure. */
    public static final int INFRASTRUCTURE = 3;
    /** A bug in Qualify. */
    public static final int INTERNAL = 4;
    /** Interrupted by SIGINT or SIGTERM. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /**
     * @return a short phrase for {@code code}, e.g. {@code "a test failed"}; {@code "unknown exit code"} otherwise
     */
    public static String meaning(int code) {
        return switch (code) {
            case PASSED -> "all tests passed";
            case TEST_FAILED -> "a test failed";
            case USAGE -> "usage or configuration error";
            case INFRASTRUCTURE -> "infrastructure error, no test failed";
            case INTERNAL -> "internal error";
            case INTERRUPTED -> "interrupted";
            default -> "unknown exit code";
        };
    }

    /**
     * @return the one-word verdict of a run: PASSED (0), FAILED (1), INTERRUPTED (130) or ERROR (anything else)
     */
    public static String verdict(int code) {
        return switch (code) {
            case PASSED -> "PASSED";
            case TEST_FAILED -> "FAILED";
            case INTERRUPTED -> "INTERRUPTED";
            default -> "ERROR";
        };
    }
}
