package dev.qualify.core.engine;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceQuarantineTest {
    private static final GroupAttempt PORT_GONE = new GroupAttempt(12, Set.of("port-gone"));

    @Test
    void theSecondRunWithErrorsOnADeviceTakesItOutNamingBothRuns() {
        DeviceQuarantine q = new DeviceQuarantine(DeviceQuarantine.DEFAULT_THRESHOLD);
        assertThat(q.record("d1", "G1 attempt 1", PORT_GONE)).isEmpty();
        assertThat(q.inService("d1")).isTrue();
        assertThat(q.record("d1", "G2 attempt 1", new GroupAttempt(1, Set.of("flash-failed"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("2 runs").contains("G1 attempt 1 (port-gone)")
                        .contains("G2 attempt 1 (flash-failed)"));
        assertThat(q.inService("d1")).isFalse();
        assertThat(q.record("d1", "G3 attempt 1", PORT_GONE)).as("told once").isEmpty();
    }

    @Test
    void cleanRunsAndOtherDevicesDoNotCount() {
        DeviceQuarantine q = new DeviceQuarantine(2);
        assertThat(q.record("d1", "G1", PORT_GONE)).isEmpty();
        assertThat(q.record("d1", "G2", GroupAttempt.CLEAN)).isEmpty();
        assertThat(q.record("d2", "G3", PORT_GONE)).isEmpty();
        assertThat(q.inService("d1")).isTrue();
        assertThat(q.inService("d2")).isTrue();
    }

    @Test
    void errorsOfTheHostSideAreNotHeldAgainstTheDevice() {
        DeviceQuarantine q = new DeviceQuarantine(1);
        assertThat(q.record("d1", "G1", new GroupAttempt(1, Set.of("build-failed")))).isEmpty();
        assertThat(q.record("d1", "G2", new GroupAttempt(2, Set.of("test-exception", "internal")))).isEmpty();
        assertThat(q.inService("d1")).isTrue();
        assertThat(q.record("d1", "G3", new GroupAttempt(2, Set.of("build-failed", "boot-timeout")))).isPresent();
    }

    @Test
    void neverTakesADeviceOut() {
        DeviceQuarantine q = DeviceQuarantine.never();
        for (int i = 0; i < 100; i++) q.record("d1", "G" + i, PORT_GONE);
        assertThat(q.inService("d1")).isTrue();
    }
}
