package dev.qualify.suites.freertos;

import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.ScriptedConsole;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unity output into dynamic tests, on a scripted console through the engine (the test kit's group runner): the
 * engine boots the device as configured, then {@link UnityDeviceTests} reads what the board prints. The real
 * drivers are tested in device-connectors.
 */
class UnityDeviceTestsTest {
    @TempDir
    Path dir;

    /** Turns the device's output into tests; the expected cases come from the suite parameter {@code expected}. */
    @QualificationGroup(id = "G", title = "Unity output")
    static class UnityOutputGroup {
        @TestFactory
        @SuppressWarnings("unchecked")
        Stream<DynamicTest> unity(GroupContext group) {
            List<String> expected = (List<String>) group.parameters().values().getOrDefault("expected", List.of());
            return UnityDeviceTests.run(group, expected);
        }
    }

    /**
     * Runs the group on a board that prints {@code deviceOutput} and then goes quiet, and gives each result as
     * {@code Case.Name -> "PASSED" | "FAILED: msg" | "SKIPPED: msg" | "ERROR type: msg"}.
     */
    private Map<String, Object> run(String deviceOutput, Set<String> selected, List<String> expected) {
        TestDevice board = TestDevice.builder("b1").console(ScriptedConsole.script().named("script").print(deviceOutput))
                .banner("Board .* booting").testTimeout(Duration.ofMillis(800)).workDir(dir.resolve("device")).build();
        GroupResults results = GroupTestKit.group(UnityOutputGroup.class).on(board)
                .parameters(Map.of("expected", expected)).selectedTests(selected.toArray(String[]::new))
                .runDir(dir.resolve("run")).run();
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (TestResult t : results.tests()) {
            String name = t.className().substring(t.className().indexOf('.') + 1) + "." + t.name();
            outcomes.put(name, switch (t.outcome()) {
                case PASSED -> "PASSED";
                case FAILED -> "FAILED: " + t.message();
                case SKIPPED -> "SKIPPED: " + t.message();
                case ERROR -> "ERROR " + t.errorType() + ": " + t.message();
            });
        }
        assertThat(results.count(Outcome.PASSED) + results.count(Outcome.FAILED) + results.count(Outcome.SKIPPED)
                + results.count(Outcome.ERROR)).isEqualTo(outcomes.size());
        return outcomes;
    }

    private static final String CLEAN = """
            Board v1 booting
            ---------STARTING TESTS---------
            TEST(Full_PKCS11_NoObject, PKCS11_Digest) PASS
            TEST(Full_PKCS11_NoObject, PKCS11_GenerateRandom)core_pkcs11_test.c:812::FAIL: Expected 0 Was 7
            TEST(Full_PKCS11_NoObject, PKCS11_Ignored)core_pkcs11_test.c:900::IGNORE: no RNG
            
            -----------------------
            3 Tests 1 Failures 1 Ignored
            FAIL
            -------ALL TESTS FINISHED-------
            """;

    @Test
    void eachUnityCaseBecomesATestWithItsOutcomeAndIgnoreIsSkipped() {
        Map<String, Object> o = run(CLEAN, Set.of(), List.of());
        assertThat(o).containsEntry("Full_PKCS11_NoObject.PKCS11_Digest", "PASSED")
                .containsEntry("Full_PKCS11_NoObject.PKCS11_GenerateRandom", "FAILED: core_pkcs11_test.c:812: Expected 0 Was 7")
                .containsEntry("Full_PKCS11_NoObject.PKCS11_Ignored", "SKIPPED: IGNORE: no RNG")
                .hasSize(3);
    }

    @Test
    void aBoardThatGoesQuietGivesErrorsForTheMissingCasesAndSaysWhatWasSeen() {
        String hung = CLEAN.substring(0, CLEAN.indexOf("TEST(Full_PKCS11_NoObject, PKCS11_GenerateRandom)"));
        Map<String, Object> o = run(hung, Set.of(), List.of("Full_PKCS11_NoObject.PKCS11_Digest", "Full_PKCS11_NoObject.PKCS11_GenerateRandom"));
        assertThat(o).containsEntry("Full_PKCS11_NoObject.PKCS11_Digest", "PASSED");
        assertThat(o.get("Full_PKCS11_NoObject.PKCS11_GenerateRandom")).asString().startsWith("ERROR timeout: not reported by the device");
        assertThat(o.get("Unity.DeviceOutput")).asString().startsWith("ERROR timeout:")
                .contains("within 800 ms").contains("PKCS11_Digest) PASS");
    }

    @Test
    void aRebootDuringTheTestsIsADeviceRebootedError() {
        String rebooted = """
                Board v1 booting
                ---------STARTING TESTS---------
                TEST(G, A) PASS
                Board v1 booting
                """;
        Map<String, Object> o = run(rebooted, Set.of(), List.of());
        assertThat(o).containsEntry("G.A", "PASSED");
        assertThat(o.get("Unity.DeviceOutput")).asString().startsWith("ERROR device-rebooted:").contains("rebooted");
    }

    @Test
    void aHardFaultIsADeviceCrashedErrorQuotingTheLine() {
        String crashed = "---------STARTING TESTS---------\nTEST(G, A) PASS\nHardFault_Handler: Hard fault at 0x0800ABCD\n";
        Map<String, Object> o = run(crashed, Set.of(), List.of());
        assertThat(o.get("Unity.DeviceOutput")).asString().startsWith("ERROR device-crashed:").contains("0x0800ABCD");
    }

    @Test
    void aSummaryThatDisagreesIsAProtocolError() {
        String lying = CLEAN.replace("3 Tests 1 Failures 1 Ignored", "5 Tests 1 Failures 1 Ignored");
        Map<String, Object> o = run(lying, Set.of(), List.of());
        assertThat(o.get("Unity.DeviceOutput")).asString().startsWith("ERROR unity-protocol:").contains("5 Tests");
    }

    @Test
    void onlySelectedCasesAreReported() {
        Map<String, Object> o = run(CLEAN, Set.of("PKCS11_Digest"), List.of());
        assertThat(o).containsOnlyKeys("Full_PKCS11_NoObject.PKCS11_Digest");
    }

    @Test
    void anExpectedCaseTheDeviceNeverPrintedIsAnError() {
        Map<String, Object> o = run(CLEAN, Set.of(), List.of("Full_PKCS11_NoObject.PKCS11_Digest", "Full_PKCS11_NoObject.PKCS11_Capabilities"));
        assertThat(o.get("Full_PKCS11_NoObject.PKCS11_Capabilities")).asString()
                .startsWith("ERROR unity-missing-case:").contains("without reporting this case");
    }
}
