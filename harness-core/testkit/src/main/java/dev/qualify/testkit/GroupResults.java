package dev.qualify.testkit;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The results of the groups one {@link GroupTestKit} call ran, as the engine's report builder read them back from
 * the journal, with assertions that name every result when they fail.
 *
 * <p>A test is found by its name ({@code PKCS11_Digest}, a method name), by {@code UnityGroup.Case}
 * ({@code Full_PKCS11_NoObject.PKCS11_Digest}) or by its full {@code className.name}; a name that matches several
 * tests is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GroupResults {
    private final List<GroupResult> groups;
    private final Path runDir;
    private final Path journal;
    private final String deviceId;
    private final List<Throwable> internalErrors;

    GroupResults(List<GroupResult> groups, Path runDir, Path journal, String deviceId, List<Throwable> internalErrors) {
        this.groups = List.copyOf(groups);
        this.runDir = runDir;
        this.journal = journal;
        this.deviceId = deviceId;
        this.internalErrors = List.copyOf(internalErrors);
    }

    /** The groups, in the order they ran. */
    public List<GroupResult> groups() {
        return groups;
    }

    /** The group {@code id}; fails when it did not run. */
    public GroupResult group(String id) {
        return groups.stream().filter(g -> g.groupId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionFailedError("no group " + id + " ran; ran: " + groups.stream().map(GroupResult::groupId).toList()));
    }

    /** Every test of every group, in order. */
    public List<TestResult> tests() {
        return groups.stream().flatMap(g -> g.tests().stream()).toList();
    }

    /** The one test called {@code name}. */
    public TestResult test(String name) {
        List<TestResult> found = tests().stream().filter(t -> matches(t, name)).toList();
        if (found.size() != 1) {
            throw new AssertionFailedError((found.isEmpty() ? "no test " : "several tests ") + "named " + name + "; results: " + describe());
        }
        return found.get(0);
    }

    /** The outcome of the one test called {@code name}. */
    public Outcome outcome(String name) {
        return test(name).outcome();
    }

    /** How many tests had {@code outcome}. */
    public long count(Outcome outcome) {
        return tests().stream().filter(t -> t.outcome() == outcome).count();
    }

    /** Qualify bugs the engine met (also reported as ERROR {@code internal}); empty normally. */
    public List<Throwable> internalErrors() {
        return internalErrors;
    }

    /** Asserts that test {@code name} had {@code outcome}; returns it. */
    public TestResult assertOutcome(String name, Outcome outcome) {
        TestResult t = test(name);
        if (t.outcome() != outcome) {
            throw new AssertionFailedError(name + " was " + t.outcome() + ", expected " + outcome + ": " + line(t) + "; results: " + describe());
        }
        return t;
    }

    /** Asserts that test {@code name} was an ERROR of {@code errorType}; returns it. */
    public TestResult assertError(String name, String errorType) {
        TestResult t = assertOutcome(name, Outcome.ERROR);
        if (!errorType.equals(t.errorType())) {
            throw new AssertionFailedError(name + " was an error of type " + t.errorType() + ", expected " + errorType + ": " + line(t));
        }
        return t;
    }

    /** Asserts that there is at least one test and every test had {@code outcome}. */
    public GroupResults assertAll(Outcome outcome) {
        if (tests().isEmpty() || tests().stream().anyMatch(t -> t.outcome() != outcome)) {
            throw new AssertionFailedError("expected every test to be " + outcome + "; results: " + describe());
        }
        return this;
    }

    /** Asserts that there is at least one test and every test had {@code outcome} with error type {@code type}. */
    public GroupResults assertAll(Outcome outcome, String type) {
        assertAll(outcome);
        if (tests().stream().anyMatch(t -> !type.equals(t.errorType()))) {
            throw new AssertionFailedError("expected every test to be " + outcome + " of type " + type + "; results: " + describe());
        }
        return this;
    }

    /** The run directory: {@code logs/}, {@code work/}, the journal. */
    public Path runDir() {
        return runDir;
    }

    /** The journal these results were read from. */
    public Path journal() {
        return journal;
    }

    /** {@code logs/<device>} of the run: one directory per group, {@code _group.log} and one log per test. */
    public Path logDir() {
        return runDir.resolve("logs").resolve(deviceId);
    }

    /** The log of group {@code groupId}: its preparation and what happened between tests. */
    public String groupLog(String groupId) {
        return read(logDir().resolve(groupId).resolve("_group.log"));
    }

    /** The log of the one test called {@code name}, as the report links it. */
    public String log(String name) {
        TestResult t = test(name);
        if (t.logPath() == null) throw new AssertionFailedError(name + " has no log");
        return read(runDir.resolve(t.logPath()));
    }

    /** One line per test: {@code className.name OUTCOME [type] message}. */
    public String describe() {
        return tests().stream().map(GroupResults::line).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @Override
    public String toString() {
        return "GroupResults" + describe();
    }

    private static String line(TestResult t) {
        return t.className() + "." + t.name() + " " + t.outcome() + (t.errorType() == null ? "" : " [" + t.errorType() + "]")
                + (t.message() == null ? "" : " " + t.message());
    }

    private static boolean matches(TestResult t, String name) {
        if (name.equals(t.name()) || name.equals(t.testId()) || name.equals(t.className() + "." + t.name())) return true;
        int dot = t.className().indexOf('.');
        return dot > 0 && name.equals(t.className().substring(dot + 1) + "." + t.name());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
