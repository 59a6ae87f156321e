package dev.qualify.cloud.advisor;

/** What a Device Advisor case concluded. */
public enum AdvisorStatus {
    PASS,
    /** Passed, with warnings a developer should read (Device Advisor's PASS_WITH_WARNINGS). */
    PASS_WITH_WARNINGS,
    FAIL,
    /** The recording does not hold what the case needs (its scripted misbehaviour never happened): not judged. */
    NOT_EXERCISED;

    /** PASS and PASS_WITH_WARNINGS. */
    public boolean passed() {
        return this == PASS || this == PASS_WITH_WARNINGS;
    }
}
