package dev.qualify.suites.freertos.advisor;

import dev.qualify.cloud.advisor.AdvisorCase;

import java.time.Duration;

/**
 * How one Device Advisor case is set up against a running device: the misbehaviour scripted on the broker (and the
 * certificate its endpoint serves), how long the device gets to show the behaviour, and how the set-up is undone.
 *
 * @param advisorCase the case
 * @param budget      the longest the case watches the device (scaled by {@code --timeout-multiplier}); it ends as
 *                    soon as the case passes
 * @param setup       what the cloud does at the start
 * @param teardown    what it undoes at the end (faults are always cleared and the good certificate served)
 * @param settleEarly whether a FAIL that stays the same for a while ends the case before its budget (not for a case
 *                    whose FAIL means "still waiting for the device", as an unanswered PINGREQ does)
 * @param sameSetupAs a case with exactly this case's set-up whose window, when that case ran just before, this case
 *                    is judged from instead of setting it up again; null for none
 */
public record Scenario(AdvisorCase advisorCase, Duration budget, Step setup, Step teardown, boolean settleEarly,
                       AdvisorCase sameSetupAs) {

    public Scenario(AdvisorCase advisorCase, Duration budget, Step setup, Step teardown, boolean settleEarly) {
        this(advisorCase, budget, setup, teardown, settleEarly, null);
    }

    /** An action on the rig. */
    @FunctionalInterface
    public interface Step {
        void run(AdvisorRig rig) throws InterruptedException;

        Step NOTHING = rig -> { };
    }

    static Scenario of(AdvisorCase c, Duration budget, Step setup) {
        return new Scenario(c, budget, setup, Step.NOTHING, true);
    }
}
