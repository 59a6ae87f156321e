package dev.qualify.suites.freertos.groups;

import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FreeRtosIntegrityGroup} through the engine's path (the test kit), on the sample firmware and broken copies. */
class FreeRtosIntegrityGroupTest {
    static final Path SAMPLE = Path.of("../../samples/virtual-board/firmware").toAbsolutePath().normalize();
    private static final List<String> SAMPLE_CASES = List.of("Manifest", "FreeRTOS-Kernel", "coreMQTT", "corePKCS11",
            "FreeRTOS-Libraries-Integration-Tests");

    @TempDir
    Path tmp;

    private static GroupResults run(Path source) {
        try (TestDevice device = TestDevice.builder("board-1").build()) {
            GroupResults r = GroupTestKit.group(FreeRtosIntegrityGroup.class).on(device)
                    .parameters(Map.of("sourcePath", source.toString())).run();
            assertTrue(device.consoles().isEmpty(), "a host group opens no console");
            assertTrue(r.internalErrors().isEmpty(), r.internalErrors().toString());
            return r;
        }
    }

    @Test
    void theSampleFirmwarePassesWithOneCasePerDependency() {
        GroupResults r = run(SAMPLE);
        r.assertAll(Outcome.PASSED);
        assertEquals(SAMPLE_CASES, r.tests().stream().map(TestResult::name).toList());
        assertTrue(r.log("FreeRTOS-Kernel").contains("tskKERNEL_VERSION_NUMBER \"V10.5.1\" in include/task.h"), r.log("FreeRTOS-Kernel"));
        assertTrue(r.log("corePKCS11").contains("\"v3.5.0\" in version"), r.log("corePKCS11"));
    }

    @Test
    void aMissingManifestFails() {
        TestResult t = run(tmp).assertOutcome("Manifest", Outcome.FAILED);
        assertTrue(t.message().contains("no manifest.yml at the source root " + tmp), t.message());
    }

    @Test
    void aManifestThatIsNotYamlFails() throws IOException {
        Files.writeString(tmp.resolve("manifest.yml"), "name: [unclosed\n");
        assertTrue(run(tmp).assertOutcome("Manifest", Outcome.FAILED).message().contains("is not valid YAML"));
    }

    @Test
    void aMismatchedDependencyFailsNamingLibraryExpectedAndFoundAndTheOthersPass() throws IOException {
        Path copy = copySample();
        Path task = copy.resolve("Middleware/FreeRTOS/kernel/include/task.h");
        Files.writeString(task, Files.readString(task).replace("\"V10.5.1\"", "\"V10.4.3\""));
        GroupResults r = run(copy);
        TestResult t = r.assertOutcome("FreeRTOS-Kernel", Outcome.FAILED);
        assertTrue(t.message().startsWith("FreeRTOS-Kernel: expected version V10.5.1 at Middleware/FreeRTOS/kernel, found"), t.message());
        assertTrue(t.message().contains("tskKERNEL_VERSION_NUMBER \"V10.4.3\""), t.message());
        assertEquals(4, r.count(Outcome.PASSED), r.describe());
    }

    @Test
    void aMissingDependencyPathFails() throws IOException {
        Path copy = copySample();
        deleteTree(copy.resolve("Middleware/FreeRTOS/coreMQTT"));
        TestResult t = run(copy).assertOutcome("coreMQTT", Outcome.FAILED);
        assertTrue(t.message().contains("coreMQTT: expected version v2.1.1 at " + copy.resolve("Middleware/FreeRTOS/coreMQTT")), t.message());
        assertTrue(t.message().contains("found no such directory"), t.message());
    }

    @Test
    void aDependencyWithoutVersionOrPathFailsAloneAndAPathOutOfTheTreeIsRefused() throws IOException {
        Files.writeString(tmp.resolve("manifest.yml"), """
                name: "P"
                version: "202210.01-LTS"
                description: "A project with dependencies that are incomplete on purpose."
                dependencies:
                  - name: "coreJSON"
                    repository: {type: git, url: "https://github.com/FreeRTOS/coreJSON"}
                  - name: "escape"
                    version: "v1"
                    repository: {type: git, url: "u", path: "../../elsewhere"}
                """);
        GroupResults r = run(tmp);
        r.assertOutcome("Manifest", Outcome.PASSED);
        assertTrue(r.assertOutcome("coreJSON", Outcome.FAILED).message().contains("has no version, repository.path"));
        assertTrue(r.assertOutcome("escape", Outcome.FAILED).message().contains("leads out of the source root"));
    }

    @Test
    void aGitCheckoutIsJudgedByItsTag() throws Exception {
        Path copy = copySample();
        Path kernel = copy.resolve("Middleware/FreeRTOS/kernel");
        git(kernel, "init", "-q");
        git(kernel, "add", "-A");
        git(kernel, "commit", "-q", "-m", "kernel");
        git(kernel, "tag", "V10.4.3");
        GroupResults r = run(copy);
        TestResult t = r.assertOutcome("FreeRTOS-Kernel", Outcome.FAILED);
        assertTrue(t.message().contains("expected version V10.5.1"), t.message());
        assertTrue(t.message().contains("git checkout at commit") && t.message().contains("tagged V10.4.3"), t.message());

        git(kernel, "tag", "V10.5.1");
        run(copy).assertAll(Outcome.PASSED);
    }

    private Path copySample() throws IOException {
        Path copy = tmp.resolve("firmware");
        try (Stream<Path> s = Files.walk(SAMPLE)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(SAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return copy;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Qualify Test", "-c", "user.email=test@qualify.invalid",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
    }
}
