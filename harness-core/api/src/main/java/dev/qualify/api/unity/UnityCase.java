package dev.qualify.api.unity;

import dev.qualify.api.report.Outcome;
import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One test result line of Unity output, as read from a device console.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code group} is the Unity Fixture group ({@code TEST(Group, Name)} lines); it is {@code null} for plain
 *       (non-fixture) Unity lines such as {@code file.c:123:test_name:PASS}.</li>
 *   <li>{@code name} is the test name, never {@code null} or blank.</li>
 *   <li>{@code outcome} is {@link Outcome#PASSED}, {@link Outcome#FAILED} or {@link Outcome#SKIPPED}; a Unity
 *       {@code IGNORE} is always SKIPPED, never FAILED. It is never {@link Outcome#ERROR}: the device said it.</li>
 *   <li>{@code file} and {@code line} are the source location Unity printed (failures and ignores); {@code null}
 *       and {@code 0} when the line carries none (a fixture PASS line). The file is what the build passed to the
 *       compiler, so it may be an absolute path of the build machine ({@code /home/builder/tests/x.c},
 *       {@code C:\work\tests\x.c}).</li>
 *   <li>{@code message} is the text after {@code FAIL: } or {@code IGNORE: } (it may itself contain colons), with
 *       ANSI escapes and a trailing log suffix removed; {@code null} when Unity printed none.</li>
 *   <li>{@code rawLine} is the console line exactly as given to {@link UnityParser#accept(String)}, minus its line
 *       terminator, so a report can show what the device really printed.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnityCase(String group, String name, Outcome outcome, String file, int line, String message,
                        String rawLine) {

    public UnityCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (outcome == Outcome.ERROR) {
            throw new IllegalArgumentException("a Unity line is a device verdict: PASSED, FAILED or SKIPPED, never ERROR");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    /** {@code Group.Name} for fixture tests, {@code name} for plain Unity tests. */
    public String qualifiedName() {
        return group == null ? name : group + "." + name;
    }
}
