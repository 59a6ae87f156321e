package dev.qualify.core.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressViewTest {
    @Test
    void aConsoleOutsideCiGetsStatusLines() {
        assertThat(ProgressView.linePerEvent(false, Map.of(), true)).isFalse();
        assertThat(ProgressView.linePerEvent(false, Map.of("CI", ""), true)).isFalse();
        assertThat(ProgressView.linePerEvent(false, Map.of("CI", "false"), true)).isFalse();
    }

    @Test
    void plainCiOrNoConsoleGiveOneLinePerEvent() {
        assertThat(ProgressView.linePerEvent(true, Map.of(), true)).as("--plain").isTrue();
        assertThat(ProgressView.linePerEvent(false, Map.of("CI", "true"), true)).as("CI=true").isTrue();
        assertThat(ProgressView.linePerEvent(false, Map.of("CI", "1"), true)).as("CI=1").isTrue();
        assertThat(ProgressView.linePerEvent(false, Map.of(), false)).as("stdout or stdin not a terminal").isTrue();
    }
}
