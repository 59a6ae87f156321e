package dev.qualify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void usesTheLargestFittingUnit() {
        assertThat(HumanDuration.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(HumanDuration.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(HumanDuration.format(Duration.ofSeconds(303))).isEqualTo("5m03s");
        assertThat(HumanDuration.format(Duration.ofSeconds(3_723))).isEqualTo("1h02m03s");
    }

    @Test
    void showsMissingAndNegativeDurationsAsZero() {
        assertThat(HumanDuration.format(null)).isEqualTo("0ms");
        assertThat(HumanDuration.format(Duration.ofMillis(-5))).isEqualTo("0ms");
    }
}
