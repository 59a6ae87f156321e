package dev.qualify.api.unity;

import java.util.List;

/**
 * What a {@link UnityParser} made of a console stream at the time {@link UnityParser#result()} was called.
 *
 * <p>{@code cases} holds the test lines seen between the start and end markers, in order; {@code summary} is
 * {@code null} when no summary line was seen; {@code problems} is empty for a clean run (fatal problems first);
 * {@code linesSeen} counts every line given to the parser, including those before the start marker and after the
 * end marker. Lists are immutable.
 */
public record UnityRun(List<UnityCase> cases, UnitySummary summary, List<UnityProblem> problems, int linesSeen) {

    public UnityRun {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
        if (linesSeen < 0) {
            throw new IllegalArgumentException("linesSeen must not be negative");
        }
    }

    /** True when the run has no problems: the markers, the summary and the test lines all agree. */
    public boolean clean() {
        return problems.isEmpty();
    }

    /** True when a problem of this kind was found. */
    public boolean has(UnityProblem.Kind kind) {
        return problems.stream().anyMatch(p -> p.kind() == kind);
    }
}
