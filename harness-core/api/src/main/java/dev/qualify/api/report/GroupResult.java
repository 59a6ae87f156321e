package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The results of one group run on one device.
 *
 * @param groupId   e.g. {@code FullPKCS11_Core}
 * @param title     a human title
 * @param required  whether qualification needs this group to pass
 * @param deviceId  the device it ran on
 * @param startedAt when the group started
 * @param duration  wall time of the group, preparation included
 * @param tests     in execution order; never null
 * @param timeline  the group's steps on its device in time order: preparation phases and test cases; empty when
 *                  the journal did not record them (runs of earlier versions)
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record GroupResult(String groupId, String title, boolean required, String deviceId, Instant startedAt,
                          Duration duration, List<TestResult> tests, List<PhaseSpan> timeline) {
    public GroupResult {
        tests = List.copyOf(tests);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** A group result without a timeline. */
    public GroupResult(String groupId, String title, boolean required, String deviceId, Instant startedAt,
                       Duration duration, List<TestResult> tests) {
        this(groupId, title, required, deviceId, startedAt, duration, tests, List.of());
    }

    /** The worst outcome of its tests; SKIPPED when it has none. */
    public Outcome outcome() {
        Outcome o = Outcome.SKIPPED;
        for (TestResult t : tests) o = o.worse(t.outcome());
        return o;
    }

    public long count(Outcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }
}
