package dev.qualify.api.unity;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Something wrong with the Unity output as a whole (not a test failure): the run cannot be trusted as it stands.
 * A problem is a lab or firmware issue for the caller to report as an error, with {@code message} as the reason.
 *
 * <p>{@code message} is one sentence a person can act on; it says what was seen (counts, the offending line), never
 * only what was expected.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnityProblem(Kind kind, String message) {

    /** What went wrong. */
    public enum Kind {
        /**
         * No run was found: nothing came, or results came and then an end marker without a start marker (the port
         * prints markers and the start was missed; those results are then not counted).
         */
        MISSING_START,
        /**
         * The run did not end: no end marker after a start marker, or, without markers, no summary and
         * {@code OK}/{@code FAIL} closing the run, or fewer suites than expected (hang, timeout, cut connection).
         */
        MISSING_END,
        /** The summary counts disagree with the test lines that were seen. */
        COUNT_MISMATCH,
        /** Test lines or markers were seen but no {@code N Tests N Failures N Ignored} line. */
        MISSING_SUMMARY,
        /** The boot banner appeared again while tests were running: the board rebooted. Fatal. */
        REBOOT,
        /** A death string (hard fault, failed assert, ...) was printed. Fatal. */
        DEATH_STRING,
        /** A run was found but zero test lines in it ("zero test case was executed"). */
        NO_TESTS
    }

    public UnityProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
