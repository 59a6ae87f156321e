package dev.qualify.cloud.jobs;

import java.time.Duration;

/**
 * Options of a job.
 *
 * @param inProgressTimeout an execution still IN_PROGRESS this long after it started becomes TIMED_OUT; null for none
 * @param namespace         a jobs namespace such as {@code aws-gg-deployment} (notifications are also sent on
 *                          {@code notify-namespace-<ns>} and {@code notify-next-namespace-<ns>}, and {@code $next}
 *                          on the namespace's topics sees only its jobs), or null
 */
public record JobOptions(Duration inProgressTimeout, String namespace) {
    public static final JobOptions DEFAULT = new JobOptions(null, null);
}
