package dev.qualify.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shortTestsOfOneOutcomeShareABarButAFailureAlwaysHasItsOwn() {
        List<PhaseSpan> steps = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Outcome o = i == 4 ? Outcome.FAILED : Outcome.PASSED;
            steps.add(new PhaseSpan(PhaseSpan.TEST, "T" + i, T0.plusMillis(10L * i), Duration.ofMillis(10), o));
            anchors.add("t" + i);
        }
        GroupResult g = new GroupResult("G", "G", true, "d", T0, Duration.ofMillis(100), List.of(), steps);

        // a 100 s run: each 10 ms test is 0.1 units wide, so up to 20 of them fit one 2-unit bar
        Timeline t = Timeline.of(List.of(g), List.of(anchors), T0, T0.plusSeconds(100));

        List<Timeline.Bar> tests = t.bars().stream().filter(b -> b.cls().startsWith("tl-test")).toList();
        assertThat(tests).extracting(Timeline.Bar::title).containsExactly(
                "G · 4 tests, T0 to T3 · PASSED · 40ms", "G · test T4 · FAILED · 10ms",
                "G · 5 tests, T5 to T9 · PASSED · 50ms");
        assertThat(tests).extracting(Timeline.Bar::href).containsExactly("#t0", "#t4", "#t5");
        assertThat(tests.get(1).cls()).isEqualTo("tl-test failed");
        assertThat(t.empty()).isFalse();
    }

    @Test
    void formatsCoordinatesWithTwoDecimals() {
        assertThat(Timeline.num(0)).isEqualTo("0.00");
        assertThat(Timeline.num(12.3)).isEqualTo("12.30");
        assertThat(Timeline.num(999.996)).isEqualTo("1000.00");
        assertThat(Timeline.num(0.405)).isIn("0.40", "0.41");
        assertThat(Timeline.num(-1.5)).isEqualTo("-1.50");
    }
}
