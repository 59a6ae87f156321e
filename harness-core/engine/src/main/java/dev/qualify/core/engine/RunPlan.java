package dev.qualify.core.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run.
 *
 * @param suiteId            the suite
 * @param poolId             the pool, or null for the config's only pool
 * @param groups             groups to run; empty means all the pool supports
 * @param skipGroups         groups to leave out
 * @param tests              test cases to run (only with exactly one group); empty means all
 * @param timeoutMultiplier  at least 1.0 is usual; every deadline is scaled by it
 * @param output             the results directory; the run writes {@code <output>/<run-id>/}
 * @param stopOnFirstFailure stop handing out groups after the first failed test
 * @param qualifyHome        the installation directory ({@code {{config.idtRootPath}}}, {@code {{qualify.home}}})
 * @param qualifyVersion     the harness version
 */
public record RunPlan(String suiteId, String poolId, List<String> groups, List<String> skipGroups, List<String> tests,
                      double timeoutMultiplier, Path output, boolean stopOnFirstFailure, Path qualifyHome,
                      String qualifyVersion) {
    public RunPlan {
        groups = List.copyOf(groups);
        skipGroups = List.copyOf(skipGroups);
        tests = List.copyOf(tests);
    }
}
