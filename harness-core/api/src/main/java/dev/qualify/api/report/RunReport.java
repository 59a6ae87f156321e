package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything a report shows about one run, rebuilt from the run journal.
 *
 * @param runId          unique id of the run; also the name of its directory
 * @param suiteId        e.g. {@code freertos-qualification}
 * @param suiteVersion   the suite's version
 * @param poolId         the pool that ran
 * @param qualifyVersion the harness version
 * @param startedAt      start of the run
 * @param endedAt        end of the run (or when the report was written, if the run was cut short)
 * @param interrupted    true when the run was stopped by SIGINT/SIGTERM or stop-on-first-failure
 * @param exitCode       the exit code the run ends with
 * @param devices        the devices of the pool
 * @param groups         group results in the order they started
 * @param notes          run-level messages (e.g. "interrupted by SIGINT", groups not run); never null
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record RunReport(String runId, String suiteId, String suiteVersion, String poolId, String qualifyVersion,
                        Instant startedAt, Instant endedAt, boolean interrupted, int exitCode,
                        List<DeviceInfo> devices, List<GroupResult> groups, List<String> notes) {
    public RunReport {
        devices = List.copyOf(devices);
        groups = List.copyOf(groups);
        notes = List.copyOf(notes);
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    public long count(Outcome outcome) {
        return groups.stream().mapToLong(g -> g.count(outcome)).sum();
    }

    public long testCount() {
        return groups.stream().mapToLong(g -> g.tests().size()).sum();
    }
}
