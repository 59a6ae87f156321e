package dev.qualify.suites.freertos;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.suite.DeviceOutputRules;
import dev.qualify.api.suite.GroupContext;
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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;


/**
 * One boot's Unity results, read once and shared by the groups that run in that boot (FLIT runs every enabled
 * test of an image in one boot; {@link dev.qualify.api.suite.QualificationGroup#bootShare}). It lives in the
 * boot's {@link GroupContext#bootScoped} scope: the group running now reads the device as far as it needs, and
 * whatever it reads is kept for the groups after it.
 *
 * <p>Each case the device prints is credited to the groups that declare it (by {@code UnityGroup.Case}), never to
 * the group that happened to read it. A case that no group of the boot declares and that the image is not known to
 * run for a group outside the boot ({@code elsewhere}) is reported as an ERROR by the group that read it. What
 * the device never printed is an ERROR in each group that expected it; a broken output (timeout, crash, reboot) is
 * reported once, as {@code Unity.DeviceOutput}, by the group that read it. The device lines that led to a case
 * go to the log of the first group's test that reports it (a case two groups declare is printed once); the other
 * groups' tests of that case say where they are.
 */
public final class SharedUnityBoot {

    /** One settled case and the device lines that led to it. */
    private record Entry(UnityCase unity, String name, List<String> lines, String readBy) {
    }

    private final UnityParser parser;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final List<String> all = new ArrayList<>();
    private final Set<String> noted = new HashSet<>();
    private final Map<String, String> reportedBy = new java.util.HashMap<>();
    private int settled;
    private boolean done;
    private UnityVerdicts.Problem problem;
    private String problemReadBy;
    private List<String> trailing = List.of();

    private SharedUnityBoot(DeviceOutputRules rules) {
        Pattern banner = rules.banner() == null ? null : Pattern.compile(rules.banner());
        this.parser = new UnityParser(new UnityParserOptions(rules.deathStrings(), banner));
    }

    /** The boot's shared reader (made by the first group of the boot that asks). */
    public static SharedUnityBoot of(GroupContext group) {
        return group.bootScoped(SharedUnityBoot.class, () -> new SharedUnityBoot(group.outputRules()));
    }

    /**
     * The group's cases from the boot, as dynamic tests.
     *
     * @param expectedBy every group of this boot and the cases it declares ({@code UnityGroup.Case}); this group
     *                   included
     * @param elsewhere  cases the image runs for groups outside this boot (reported there, or not selected): noted
     *                   in the log, not reported here
     */
    public Stream<DynamicTest> tests(GroupContext group, Map<String, List<String>> expectedBy, Set<String> elsewhere) {
        Iterator<DynamicTest> it = new GroupCursor(group, expectedBy, elsewhere);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false);
    }

    /** Reads the device until at least one more case settled or the run ended; false when nothing more will come. */
    private synchronized boolean readMore(GroupContext group, long deadline, Duration budget) {
        if (done) {
            return false;
        }
        Console console = group.device().require(Console.class);
        InfrastructureException stopped = null;
        int before = entries.size();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Optional<String> line = left > 0 ? console.readLine(Duration.ofNanos(left)) : Optional.empty();
                if (line.isEmpty()) {
                    stopped = UnityVerdicts.timeout(console, budget);
                    break;
                }
                pending.add(line.get());
                all.add(line.get());
                parser.accept(line.get());
                List<UnityCase> cases = parser.cases();
                if (cases.size() > settled) {
                    settle(cases, group.group().id());
                    if (!parser.finished() && parser.fatal().isEmpty()) return true;
                }
                if (parser.finished() || parser.fatal().isPresent()) break;
            }
        } catch (InfrastructureException e) {
            stopped = e;
        }
        finish(stopped, group.group().id());
        return entries.size() > before;
    }

    private void settle(List<UnityCase> cases, String reader) {
        List<String> own = List.copyOf(pending);
        pending.clear();
        for (int i = settled; i < cases.size(); i++) {
            UnityCase c = cases.get(i);
            entries.add(new Entry(c, UnityVerdicts.name(c), i == settled ? own : List.of(), reader));
        }
        settled = cases.size();
    }

    private void finish(InfrastructureException stopped, String reader) {
        done = true;
        UnityRun r = parser.result();
        if (r.cases().size() > settled) settle(r.cases(), reader);
        UnityVerdicts.Problem p = UnityVerdicts.problem(r, stopped);
        if (p != null) {
            problem = p;
            problemReadBy = reader;
        }
        trailing = List.copyOf(pending);
        pending.clear();
    }

    /** Every device line read in this boot so far. */
    public synchronized List<String> lines() {
        return List.copyOf(all);
    }

    private synchronized int size() {
        return entries.size();
    }

    private synchronized Entry entry(int i) {
        return entries.get(i);
    }

    private synchronized boolean firstNote(String name) {
        return noted.add(name);
    }

    /** The group that reported the case first (and got its device lines): {@code group} when none did yet. */
    private synchronized String firstReporter(String name, String group) {
        return reportedBy.computeIfAbsent(name, n -> group);
    }

    private final class GroupCursor implements Iterator<DynamicTest> {
        private final GroupContext run;
        private final String id;
        private final List<String> mine;
        private final Map<String, List<String>> expectedBy;
        private final Set<String> elsewhere;
        private final Duration budget;
        private final long deadline;
        private final ArrayDeque<DynamicTest> ready = new ArrayDeque<>();
        private final Set<String> seen = new HashSet<>();
        private int cursor;
        private boolean ended;

        GroupCursor(GroupContext run, Map<String, List<String>> expectedBy, Set<String> elsewhere) {
            this.run = run;
            this.id = run.group().id();
            this.mine = expectedBy.getOrDefault(id, run.group().cases());
            this.expectedBy = expectedBy;
            this.elsewhere = elsewhere;
            this.budget = run.outputRules().testTimeout();
            this.deadline = System.nanoTime() + budget.toNanos();
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !ended) step();
            return !ready.isEmpty();
        }

        @Override
        public DynamicTest next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.poll();
        }

        private void step() {
            if (cursor < size()) {
                take(entry(cursor++));
                return;
            }
            if (readMore(run, deadline, budget)) return;
            if (cursor < size()) return;
            end();
        }

        private void take(Entry e) {
            if (mine.contains(e.name())) {
                seen.add(e.name());
                if (!run.selected(e.unity().name())) return;
                String first = firstReporter(e.name(), id);
                if (first.equals(id)) {
                    ready.add(UnityVerdicts.test(e.unity(), e.lines(), run.transcript()));
                } else {
                    // one case printed once, credited to several groups: its lines go to the first group's test only
                    ready.add(UnityVerdicts.test(e.unity(), List.of(), run.transcript(), "the device printed "
                            + e.name() + " once, for every group of this boot that declares it: its lines are in the"
                            + " log of " + first + "'s " + e.unity().name()));
                }
                return;
            }
            if (!e.readBy().equals(id)) return; // the group that read it dealt with it
            List<String> owners = new ArrayList<>();
            expectedBy.forEach((g, cases) -> {
                if (cases.contains(e.name())) owners.add(g);
            });
            if (!owners.isEmpty()) {
                return; // credited to the other groups of this boot when they run
            }
            if (elsewhere.contains(e.name())) {
                if (firstNote(e.name())) {
                    run.transcript().note("the image also ran " + e.name() + " (" + e.unity().outcome()
                            + "): it belongs to a group outside this boot and is reported there, not here");
                }
                return;
            }
            ready.add(DynamicTest.dynamicTest(e.name(), () -> {
                UnityVerdicts.replay(run.transcript(), e.lines());
                throw new InfrastructureException("unity-unexpected-case", "unexpected case " + e.name() + " ("
                        + e.unity().outcome() + ") printed by the device, not expected by any selected group "
                        + expectedBy.keySet());
            }));
        }

        private void end() {
            ended = true;
            UnityVerdicts.Problem p;
            boolean report;
            synchronized (SharedUnityBoot.this) {
                p = problem;
                report = problem != null && id.equals(problemReadBy);
            }
            for (String e : mine) {
                if (seen.contains(e) || !run.selected(e.substring(e.lastIndexOf('.') + 1))) continue;
                ready.add(UnityVerdicts.missing(e, p));
            }
            if (report) ready.add(UnityVerdicts.deviceOutput(p, trailing, run.transcript()));
        }
    }
}
