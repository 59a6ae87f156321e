package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler with a {@link RetryPolicy} and a {@link DeviceQuarantine}. */
class SchedulerRetryTest {
    private static final GroupAttempt ERRORED = new GroupAttempt(1, Set.of("port-gone"));

    /** One run: which group, its attempt, on which device, and the next group of its boot. */
    record Ran(String group, int attempt, String device, String next) {
    }

    private final List<Ran> ran = new CopyOnWriteArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Scheduler.Events recording = new Scheduler.Events() {
        @Override
        public void retrying(List<GroupDescriptor> groups, Device device, int attempt) {
            events.add("retry " + groups.stream().map(GroupDescriptor::id).toList() + " after " + device.id() + " #" + attempt);
        }

        @Override
        public void quarantined(Device device, String reason) {
            events.add("out " + device.id());
        }
    };

    /** Runs {@code groups}; {@code errors} says whether a (group id, device id) run has an error. */
    private Scheduler.Result run(int devices, List<GroupDescriptor> groups, int retries, DeviceQuarantine quarantine,
                                 BiPredicate<String, String> errors) throws InterruptedException {
        return new Scheduler(devices(devices)).run(groups, (d, g, next, attempt) -> {
            ran.add(new Ran(g.id(), attempt, d.id(), next == null ? "-" : next.id()));
            return errors.test(g.id(), d.id()) ? ERRORED : GroupAttempt.CLEAN;
        }, () -> false, new RetryPolicy(retries), quarantine, recording);
    }

    @Test
    void aGroupWithErrorsRunsAgainOnTheOtherDevice() throws Exception {
        Scheduler.Result r = run(2, List.of(group("A", "")), 1, DeviceQuarantine.never(), (g, d) -> ran.size() == 1);
        assertThat(r.notRun()).isEmpty();
        assertThat(r.noDevice()).isEmpty();
        assertThat(ran).extracting(Ran::attempt).containsExactly(1, 2);
        assertThat(ran.get(1).device()).isNotEqualTo(ran.get(0).device());
        assertThat(events).containsExactly("retry [A] after " + ran.get(0).device() + " #2");
    }

    @Test
    void aGroupRunsAtMostRetriesPlusOneTimesAndAloneOnItsOnlyDevice() throws Exception {
        run(1, List.of(group("A", "")), 2, DeviceQuarantine.never(), (g, d) -> true);
        assertThat(ran).extracting(Ran::attempt).containsExactly(1, 2, 3);
        assertThat(ran).extracting(Ran::device).containsOnly("d0");
    }

    @Test
    void aGroupWithoutErrorsRunsOnce() throws Exception {
        run(2, List.of(group("A", ""), group("B", "")), 3, DeviceQuarantine.never(), (g, d) -> false);
        assertThat(ran).extracting(Ran::group).containsExactlyInAnyOrder("A", "B");
        assertThat(events).isEmpty();
    }

    @Test
    void onlyTheGroupsOfABootThatHadErrorsRunAgainAndTheyShareTheirRerunsBoot() throws Exception {
        List<GroupDescriptor> groups = List.of(group("P1", "pkcs11"), group("P2", "pkcs11"), group("P3", "pkcs11"));
        run(1, groups, 1, DeviceQuarantine.never(), (g, d) -> !g.equals("P1") && ran.size() <= 3);
        assertThat(ran).containsExactly(new Ran("P1", 1, "d0", "P2"), new Ran("P2", 1, "d0", "P3"),
                new Ran("P3", 1, "d0", "-"), new Ran("P2", 2, "d0", "P3"), new Ran("P3", 2, "d0", "-"));
    }

    @Test
    void aQuarantinedDeviceTakesNoMoreGroupsAndTheOtherRunsThemAll() throws Exception {
        List<GroupDescriptor> groups = new ArrayList<>();
        for (int i = 0; i < 6; i++) groups.add(group("G" + i, ""));
        java.util.concurrent.CountDownLatch badRuns = new java.util.concurrent.CountDownLatch(2);
        Scheduler.Result r = new Scheduler(devices(2)).run(groups, (d, g, next, attempt) -> {
            ran.add(new Ran(g.id(), attempt, d.id(), "-"));
            if (d.id().equals("d1")) {
                badRuns.countDown();
                return ERRORED;
            }
            try {
                // d0 is busy with its first group until d1 has had its two runs
                assertThat(badRuns.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return GroupAttempt.CLEAN;
        }, () -> false, new RetryPolicy(1), new DeviceQuarantine(2), recording);
        assertThat(r.noDevice()).isEmpty();
        assertThat(ran.stream().filter(x -> x.device().equals("d1"))).as("d1 is out after its second run with errors")
                .hasSize(2).extracting(Ran::attempt).containsOnly(1);
        for (GroupDescriptor g : groups) {
            Ran last = ran.stream().filter(x -> x.group().equals(g.id())).reduce((a, b) -> b).orElseThrow();
            assertThat(last.device()).as(g.id() + " ends on the good device").isEqualTo("d0");
        }
        assertThat(events).contains("out d1");
    }

    @Test
    void whenEveryDeviceIsOutTheGroupsLeftAreReturnedWithTheirAttempt() throws Exception {
        List<GroupDescriptor> groups = List.of(group("A", ""), group("B", ""), group("C", ""));
        Scheduler.Result r = run(1, groups, 1, new DeviceQuarantine(2), (g, d) -> true);
        assertThat(ran).extracting(Ran::group, Ran::attempt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("A", 1), org.assertj.core.groups.Tuple.tuple("B", 1));
        assertThat(r.noDevice()).extracting(u -> u.group().id() + "#" + u.attempt())
                .containsExactlyInAnyOrder("A#2", "B#2", "C#1");
        assertThat(r.notRun()).isEmpty();
        assertThat(events).contains("out d0");
    }

    private static GroupDescriptor group(String id, String bootShare) {
        return new GroupDescriptor(id, id, true, List.of(), List.of(), Object.class, Preparation.AsConfigured.class, bootShare);
    }

    private static List<Device> devices(int n) {
        return SchedulerTest.devices(n);
    }
}
