package dev.qualify.api.unity;

import java.util.Objects;

/**
 * Something wrong with the Unity output as a whole (not a test failure): the run cannot be trusted as it stands.
 * A problem is a lab or firmware issue for the caller to report as an error, with {@code message} as the reason.
 *
 * <p>{@code message} is one sentence a person can act on; it says what was seen (counts, the offending line), never
 * only what was expected.
 */
public record UnityProblem(Kind kind, String message) {

    /** What went wrong. */
    public enum Kind {
        /** No start marker was seen: either nothing came, or results came without it (they are then not counted). */
        MISSING_START,
        /** The end marker was not seen: the output stopped (hang, timeout, cut connection). */
        MISSING_END,
        /** The summary counts disagree with the test lines that were seen. */
        COUNT_MISMATCH,
        /** The start marker was seen but no {@code N Tests N Failures N Ignored} line. */
        MISSING_SUMMARY,
        /** The boot banner appeared again while tests were running: the board rebooted. Fatal. */
        REBOOT,
        /** A death string (hard fault, failed assert, ...) was printed. Fatal. */
        DEATH_STRING,
        /** The markers were seen but zero test lines between them ("zero test case was executed"). */
        NO_TESTS
    }

    public UnityProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
