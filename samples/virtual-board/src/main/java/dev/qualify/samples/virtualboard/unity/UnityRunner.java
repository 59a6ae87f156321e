package dev.qualify.samples.virtualboard.unity;

import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Runs Unity Fixture groups in verbose mode and prints what Unity prints: one result line per test, then at
 * {@link #end()} a blank line, the separator, {@code N Tests N Failures N Ignored} and {@code OK} or {@code FAIL}.
 *
 * <p>For every test: setup and body run (a failure ends them), tear-down always runs, and the result line is printed
 * once the test is over (a line-buffered port, as FLIT ports print it). A test chosen by {@code ignore} is not run
 * and prints {@code TEST(G, N)file:line::IGNORE}, as {@code TEST_IGNORE()} at its first line would.
 */
public final class UnityRunner {

    private final UnityOutput out;
    private final BiPredicate<String, String> perturb;
    private final BiPredicate<String, String> ignore;
    private int tests;
    private int failures;
    private int ignored;

    /**
     * @param perturb (group, name) of the tests whose body runs perturbed
     * @param ignore  (group, name) of the tests that are ignored
     */
    public UnityRunner(UnityOutput out, BiPredicate<String, String> perturb, BiPredicate<String, String> ignore) {
        this.out = Objects.requireNonNull(out, "out");
        this.perturb = Objects.requireNonNull(perturb, "perturb");
        this.ignore = Objects.requireNonNull(ignore, "ignore");
    }

    /** Runs one group: its preamble, then each case. */
    public void run(TestGroup group) throws InterruptedException {
        try {
            group.beforeGroup().run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // a failing preamble (prvBeforeRunningTests) is not a test; FLIT ignores its result too
        }
        for (TestCase c : group.cases()) {
            runCase(group, c);
        }
    }

    private void runCase(TestGroup group, TestCase c) throws InterruptedException {
        String printable = "TEST(" + group.name() + ", " + c.name() + ")";
        tests++;
        if (ignore.test(group.name(), c.name())) {
            ignored++;
            out.result(printable + group.file() + ":" + (c.line() + 1) + "::" + out.word("IGNORE"));
            return;
        }
        UnityFailure failure = null;
        try {
            group.setup().run();
            c.body().run(perturb.test(group.name(), c.name()));
        } catch (UnityFailure f) {
            failure = f;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            failure = new UnityFailure(c.line(), "Unexpected " + e);
        }
        try {
            group.tearDown().run();
        } catch (UnityFailure f) {
            if (failure == null) {
                failure = f;
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (failure == null) {
                failure = new UnityFailure(c.line(), "Unexpected " + e + " in TEST_TEAR_DOWN");
            }
        }
        if (failure == null) {
            out.result(printable + " " + out.word("PASS"));
        } else {
            failures++;
            String message = failure.getMessage();
            out.result(printable + group.file() + ":" + failure.line() + "::" + out.word("FAIL")
                    + (message == null || message.isEmpty() ? "" : ": " + message));
        }
    }

    /** Prints Unity's end-of-run summary ({@code UNITY_END()}). */
    public void end() throws InterruptedException {
        out.line("");
        out.line("-----------------------");
        out.line(tests + " Tests " + failures + " Failures " + ignored + " Ignored");
        out.line(out.word(failures == 0 ? "OK" : "FAIL"));
    }

    public int tests() {
        return tests;
    }

    public int failures() {
        return failures;
    }

    public int ignored() {
        return ignored;
    }
}
