package dev.qualify.cloud.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {
    private static final BrokerLimits L = BrokerLimits.IOT_CORE;

    @ParameterizedTest
    @CsvSource({
            "a/b/c, a/b/c, true", "a/+/c, a/b/c, true", "a/#, a/b/c, true", "a/#, a, true", "#, a/b, true",
            "+/+, /x, true", "a/+, a, false", "a/b, a/b/c, false", "+/b, $SYS/b, false", "#, $aws/things/x, false",
            "$aws/things/+/shadow/#, $aws/things/t/shadow/update/accepted, true", "a/+/+, a/b, false"
    })
    void filterMatching(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void filterValidity() {
        assertThat(Topics.isValidFilter("a/#", L)).isTrue();
        assertThat(Topics.isValidFilter("a/#/b", L)).isFalse();
        assertThat(Topics.isValidFilter("a/b#", L)).isFalse();
        assertThat(Topics.isValidFilter("a+/b", L)).isFalse();
        assertThat(Topics.isValidFilter("", L)).isFalse();
        assertThat(Topics.isValidName("a/+", L)).isFalse();
        assertThat(Topics.isValidName("a/b", L)).isTrue();
    }

    @Test
    void iotCoreLimitsOnLengthAndSlashes() {
        assertThat(Topics.isValidName("a/".repeat(7) + "x", L)).isTrue();
        assertThat(Topics.isValidName("a/".repeat(8) + "x", L)).isFalse();
        assertThat(Topics.isValidName("x".repeat(257), L)).isFalse();
        assertThat(Topics.isValidName("$aws/rules/r/a/b/c/d/e/f", L)).isTrue();
    }

    @Test
    void reservedTopicsDevicesMayUse() {
        assertThat(Topics.isPublishableReserved("$aws/things/t/shadow/update")).isTrue();
        assertThat(Topics.isPublishableReserved("$aws/things/t/shadow/name/n/get")).isTrue();
        assertThat(Topics.isPublishableReserved("$aws/things/t/shadow/update/accepted")).isFalse();
        assertThat(Topics.isPublishableReserved("$aws/things/t/jobs/j1/update")).isTrue();
        assertThat(Topics.isPublishableReserved("$aws/things/t/jobs/notify-next")).isFalse();
        assertThat(Topics.isPublishableReserved("$aws/events/presence/connected/x")).isFalse();
        assertThat(Topics.isSubscribableReserved("$aws/events/presence/connected/+")).isTrue();
        assertThat(Topics.isSubscribableReserved("$SYS/#")).isFalse();
    }
}
