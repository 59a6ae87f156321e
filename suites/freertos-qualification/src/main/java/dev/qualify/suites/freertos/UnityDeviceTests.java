package dev.qualify.suites.freertos;

import dev.qualify.api.suite.DeviceOutputRules;
import dev.qualify.api.suite.GroupContext;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.unity.UnityCase;
import dev.qualify.api.unity.UnityParser;
import dev.qualify.api.unity.UnityParserOptions;
import dev.qualify.api.unity.UnityRun;
import org.junit.jupiter.api.DynamicTest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;


/**
 * Turns the Unity results a prepared board prints into JUnit dynamic tests, one per case, as they arrive: each
 * test's log holds the device lines that led to its result.
 *
 * <p>After the device's end marker, or when it stops answering, crashes or reboots, the stream ends with an
 * ERROR test for every expected case the device never reported, and one {@code Unity.DeviceOutput} ERROR that
 * says what went wrong with the output (what was seen, how long we waited). IGNORE becomes SKIPPED, never FAILED.
 */
public final class UnityDeviceTests {
    private UnityDeviceTests() {
    }

    /**
     * Reads the device the engine has prepared for the group.
     *
     * @param expected cases the group must report, as {@code UnityGroup.Case}
     */
    public static Stream<DynamicTest> run(GroupContext group, List<String> expected) {
        Console console = group.device().require(Console.class);
        DeviceOutputRules rules = group.outputRules();
        Pattern banner = rules.banner() == null ? null : Pattern.compile(rules.banner());
        UnityParser parser = new UnityParser(new UnityParserOptions(rules.deathStrings(), banner));
        Iterator<DynamicTest> it = new CaseIterator(group, console, parser, rules.testTimeout(), expected);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false);
    }

    private static final class CaseIterator implements Iterator<DynamicTest> {
        private final GroupContext run;
        private final Console console;
        private final UnityParser parser;
        private final Duration budget;
        private final long deadline;
        private final List<String> expected;
        private final ArrayDeque<DynamicTest> ready = new ArrayDeque<>();
        private final List<String> lines = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private int casesSeen;
        private boolean done;

        CaseIterator(GroupContext run, Console console, UnityParser parser, Duration budget, List<String> expected) {
            this.run = run;
            this.console = console;
            this.parser = parser;
            this.budget = budget;
            this.deadline = System.nanoTime() + budget.toNanos();
            this.expected = expected;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !done) readUntilNextCase();
            return !ready.isEmpty();
        }

        @Override
        public DynamicTest next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.poll();
        }

        private void readUntilNextCase() {
            InfrastructureException stopped = null;
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    Optional<String> line = left > 0 ? console.readLine(Duration.ofNanos(left)) : Optional.empty();
                    if (line.isEmpty()) {
                        stopped = UnityVerdicts.timeout(console, budget);
                        break;
                    }
                    lines.add(line.get());
                    parser.accept(line.get());
                    List<UnityCase> cases = parser.cases(); // O(1), settled cases only; result() is for the end
                    if (cases.size() > casesSeen) {
                        List<String> own = List.copyOf(lines);
                        lines.clear();
                        for (int i = casesSeen; i < cases.size(); i++) add(cases.get(i), own);
                        casesSeen = cases.size();
                        if (!parser.finished() && parser.fatal().isEmpty()) return;
                    }
                    if (parser.finished() || parser.fatal().isPresent()) break;
                }
            } catch (InfrastructureException e) {
                stopped = e;
            }
            finish(stopped);
        }

        private void add(UnityCase c, List<String> own) {
            seen.add(UnityVerdicts.name(c));
            if (run.selected(c.name())) ready.add(UnityVerdicts.test(c, own, run.transcript()));
        }

        private void finish(InfrastructureException stopped) {
            done = true;
            UnityRun r = parser.result();
            // cases of a suite without markers that its summary never closed (output stopped): still report them
            for (int i = casesSeen; i < r.cases().size(); i++) add(r.cases().get(i), List.of());
            UnityVerdicts.Problem problem = UnityVerdicts.problem(r, stopped);
            List<String> trailing = new ArrayList<>(lines);
            for (String e : expected) {
                if (seen.contains(e) || !run.selected(e.substring(e.lastIndexOf('.') + 1))) continue;
                ready.add(UnityVerdicts.missing(e, problem));
            }
            if (problem != null) ready.add(UnityVerdicts.deviceOutput(problem, trailing, run.transcript()));
        }
    }
}
