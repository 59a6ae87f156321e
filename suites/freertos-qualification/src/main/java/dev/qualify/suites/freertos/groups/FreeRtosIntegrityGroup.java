package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.host.Manifest;
import dev.qualify.suites.freertos.host.PresentVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code FreeRTOSIntegrity}: the libraries of the project are the versions its {@code manifest.yml} says. One test
 * case for the manifest itself ({@code Manifest}: present at the source root, YAML, with the required fields), then
 * one per dependency, named by the dependency: its {@code repository.path} must exist under the source root and
 * hold the dependency's {@code version}, read by {@link PresentVersion}'s rule (the git tag or commit of a
 * checkout, else a {@code *_VERSION} string macro in the library's headers, else a {@code version} file). A
 * missing manifest, a missing path or another version is FAILED, naming the library, what was expected and what
 * was found. Checked on the host against {@code sourcePath} itself (never the per-run copy); the device is not
 * touched.
 */
@QualificationGroup(id = "FreeRTOSIntegrity", title = "FreeRTOS library integrity (manifest.yml)", required = false,
        preparation = Preparation.HostOnly.class, cases = FreeRtosIntegrityGroup.MANIFEST_CASE)
public class FreeRtosIntegrityGroup {
    /** The test case of the manifest; each dependency adds one named after it. */
    public static final String MANIFEST_CASE = "Manifest";

    /** How long one git command may take (scaled by --timeout-multiplier). */
    static final Duration GIT_DEADLINE = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> integrity(GroupContext group) {
        Path root = group.parameters().path("sourcePath").orElse(null);
        Manifest manifest;
        String problem = null;
        Manifest read = null;
        if (root == null) {
            problem = "sourcePath is not set: set suites.freertos-qualification.sourcePath to your FreeRTOS project, whose"
                    + " root holds manifest.yml";
        } else {
            try {
                read = Manifest.read(root);
            } catch (Manifest.Invalid e) {
                problem = e.getMessage();
            }
        }
        manifest = read;
        String why = problem;
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(MANIFEST_CASE, () -> {
            if (why != null) fail(why);
            group.transcript().note(manifest.file() + ": " + manifest.name() + " " + manifest.version() + ", "
                    + manifest.dependencies().size() + " dependencies");
            if (manifest.dependencies().isEmpty()) fail(manifest.file() + " lists no dependencies: name each library the project builds with, and its version");
        }));
        if (manifest != null) {
            List<String> used = new ArrayList<>();
            for (Manifest.Dependency d : manifest.dependencies()) {
                String name = caseName(d.label(), used);
                tests.add(DynamicTest.dynamicTest(name, () -> check(group, root, d)));
            }
        }
        return tests.stream();
    }

    private static void check(GroupContext group, Path root, Manifest.Dependency d) {
        if (d.problem() != null) fail(d.label() + ": " + d.problem());
        String rel = d.path().replace('\\', '/').replaceFirst("^(\\./|/)+", "");
        Path dir = root.resolve(rel).normalize();
        if (!dir.startsWith(root.normalize())) {
            fail(d.label() + ": repository.path '" + d.path() + "' leads out of the source root " + root + "; expected a path under it");
        }
        if (!Files.isDirectory(dir)) {
            fail(d.label() + ": expected version " + d.version() + " at " + dir + ", found no such directory (repository.path '"
                    + d.path() + "' is relative to the source root " + root + ")");
        }
        PresentVersion found = PresentVersion.of(dir, group.scaled(GIT_DEADLINE));
        group.transcript().note(d.label() + ": expected " + d.version() + " at " + dir + "; found (" + found.how() + ") " + found.shown());
        if (!found.matches(d.version())) {
            fail(d.label() + ": expected version " + d.version() + " at " + rel + ", found " + found.shown());
        }
    }

    /**
     * A test name for a dependency: the report splits a name at its last '.', and cuts it at '(', so those become
     * '_'; a name given twice gets {@code -2}, {@code -3}.
     */
    static String caseName(String label, List<String> used) {
        String base = label.replaceAll("[.()]", "_");
        if (base.equals(MANIFEST_CASE)) base = base + "_dependency";
        String n = base;
        for (int i = 2; used.contains(n); i++) n = base + "-" + i;
        used.add(n);
        return n;
    }
}
