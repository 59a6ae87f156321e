package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of a group on its device's timeline: a preparation phase (build, flash, power, boot, release) or a
 * test case, with when it started and how long it took.
 *
 * @param phase     {@link #BUILD}, {@link #BUILD_WAIT}, {@link #FLASH}, {@link #POWER}, {@link #BOOT},
 *                  {@link #RELEASE} or {@link #TEST}; a later version may add phases, so readers show an unknown
 *                  phase by its name
 * @param label     for a test its name, for a preparation phase the phase; never null
 * @param startedAt when the step started; never null
 * @param duration  how long it took; never null or negative
 * @param outcome   for a test its outcome; for a preparation phase PASSED, or ERROR when the step failed
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record PhaseSpan(String phase, String label, Instant startedAt, Duration duration, Outcome outcome) {
    /** The image was built for this group. */
    public static final String BUILD = "build";
    /** The group waited for the build of an image another group asked for first. */
    public static final String BUILD_WAIT = "build-wait";
    /** The image was written to the device. */
    public static final String FLASH = "flash";
    /** The device was powered off and on and its console attached. */
    public static final String POWER = "power";
    /** Waiting for the ready line and the handshake's answer. */
    public static final String BOOT = "boot";
    /** The device was powered down after the group. */
    public static final String RELEASE = "release";
    /** A test case. */
    public static final String TEST = "test";

    public PhaseSpan {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        label = label == null ? phase : label;
        duration = duration == null || duration.isNegative() ? Duration.ZERO : duration;
    }

    /** When the step ended. */
    public Instant endedAt() {
        return startedAt.plus(duration);
    }
}
