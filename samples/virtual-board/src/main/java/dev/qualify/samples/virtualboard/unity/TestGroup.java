package dev.qualify.samples.virtualboard.unity;

import java.util.List;
import java.util.Objects;

/**
 * A Unity Fixture group ({@code TEST_GROUP}): its name, the C file it stands for (printed in failure lines), the
 * group runner's preamble ({@code TEST_GROUP_RUNNER} code before the first {@code RUN_TEST_CASE}), the
 * {@code TEST_SETUP}/{@code TEST_TEAR_DOWN} fixtures and the cases in {@code RUN_TEST_CASE} order.
 */
public record TestGroup(String name, String file, Fixture beforeGroup, Fixture setup, Fixture tearDown,
                        List<TestCase> cases) {

    /** Setup, tear-down or group preamble code; a failed check throws {@link UnityFailure}. */
    @FunctionalInterface
    public interface Fixture {
        void run() throws Exception;

        Fixture NONE = () -> { };
    }

    public TestGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(beforeGroup, "beforeGroup");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(tearDown, "tearDown");
        cases = List.copyOf(cases);
    }
}
