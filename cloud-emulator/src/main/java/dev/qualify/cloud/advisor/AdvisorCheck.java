package dev.qualify.cloud.advisor;

/** One Device Advisor case's rule over what a device did. Implementations are stateless and pure. */
public interface AdvisorCheck {

    /** The case this check judges. */
    AdvisorCase advisorCase();

    /** Judges the device's recorded connections (of the case's time window). */
    Verdict judge(Evidence evidence, AdvisorSettings settings);
}
