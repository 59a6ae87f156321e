package dev.qualify.api.unity;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What a {@link UnityParser} made of a console stream at the time {@link UnityParser#result()} was called.
 *
 * <ul>
 *   <li>{@code cases}: the test lines that count, in order (see {@link UnityParser} for which count). While a run
 *       without markers is still open this includes its not yet settled cases, so a report made on a timeout shows
 *       what was seen; {@link UnityParser#cases()} holds only the settled ones.</li>
 *   <li>{@code summary}: the counts of all {@code suites} added up, {@code ok} only if every suite was; {@code null}
 *       when no summary line was seen.</li>
 *   <li>{@code suites}: one summary per Unity suite ({@code UNITY_BEGIN()}/{@code UNITY_END()} pair, one FLIT
 *       {@code Run*Test()}), in order; the last one may still wait for its {@code OK}/{@code FAIL} line.</li>
 *   <li>{@code problems}: empty for a clean run (fatal problems first).</li>
 *   <li>{@code linesSeen}: every line given to the parser, including those before and after the run.</li>
 *   <li>{@code unnamedPasses}: passes the summaries count but no line names, because the suite printed Unity
 *       Fixture's quiet format (a dot per pass). They are never given invented names; a caller that expected named
 *       cases can check that the cases it misses are at most this many.</li>
 * </ul>
 * Lists are immutable. Building a run does not copy the parser's case list, so {@code result()} is cheap.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnityRun(List<UnityCase> cases, UnitySummary summary, List<UnitySummary> suites,
                       List<UnityProblem> problems, int linesSeen, int unnamedPasses) {

    public UnityRun {
        cases = cases instanceof UnityParser.CaseSnapshot ? cases : List.copyOf(cases);
        suites = List.copyOf(suites);
        problems = List.copyOf(problems);
        if (linesSeen < 0) {
            throw new IllegalArgumentException("linesSeen must not be negative");
        }
        if (unnamedPasses < 0) {
            throw new IllegalArgumentException("unnamedPasses must not be negative");
        }
    }

    /** A run of one suite (or none when {@code summary} is {@code null}) whose passes are all named. */
    public UnityRun(List<UnityCase> cases, UnitySummary summary, List<UnityProblem> problems, int linesSeen) {
        this(cases, summary, summary == null ? List.of() : List.of(summary), problems, linesSeen, 0);
    }

    /** True when the run has no problems: the markers, the summaries and the test lines all agree. */
    public boolean clean() {
        return problems.isEmpty();
    }

    /** True when a problem of this kind was found. */
    public boolean has(UnityProblem.Kind kind) {
        return problems.stream().anyMatch(p -> p.kind() == kind);
    }
}
