package dev.qualify.testkit;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.testkit.RecordingPower.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingPowerTest {
    @Test
    void recordsOnOffAndCycleInOrderAndKnowsTheState() {
        RecordingPower p = new RecordingPower();
        assertThat(p.isOn()).isFalse();
        p.on();
        p.off();
        p.cycle();
        assertThat(p.calls()).containsExactly(Action.ON, Action.OFF, Action.CYCLE);
        assertThat(p.isOn()).isTrue();
        assertThat(p.last()).isEqualTo(Action.CYCLE);
        assertThat(p.count(Action.OFF)).isEqualTo(1);
    }

    @Test
    void failNextFailsOnceWithPowerFailedAndKeepsTheState() {
        RecordingPower p = new RecordingPower().failNext(Action.ON);
        assertThatThrownBy(p::on).isInstanceOf(InfrastructureException.class)
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("power-failed"));
        assertThat(p.isOn()).isFalse();
        p.on();
        assertThat(p.isOn()).isTrue();
        assertThat(p.calls()).containsExactly(Action.ON, Action.ON);
    }

    @Test
    void failWhenFailsUntilToldToSucceed() {
        RecordingPower p = new RecordingPower().failWhen(Action.OFF);
        assertThatThrownBy(p::off).isInstanceOf(InfrastructureException.class);
        assertThatThrownBy(p::off).isInstanceOf(InfrastructureException.class);
        p.succeed().off();
        assertThat(p.count(Action.OFF)).isEqualTo(3);
    }
}
