package dev.qualify.samples.virtualboard.unity;

import java.util.Objects;

/**
 * One Unity Fixture test: its name, the line it is declared on, and its body. The body gets {@code perturbed}: when
 * true (the board's {@code --fail-case}), it must really disturb the thing it checks, so that its own check fails.
 */
public record TestCase(String name, int line, Body body) {

    /** A test body; a failed check throws {@link UnityFailure}. */
    @FunctionalInterface
    public interface Body {
        void run(boolean perturbed) throws Exception;
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    public TestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** A test declared on the caller's line. */
    public static TestCase of(String name, Body body) {
        int line = WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().equals(TestCase.class.getName()))
                .findFirst().map(StackWalker.StackFrame::getLineNumber).orElse(0));
        return new TestCase(name, line, body);
    }
}
