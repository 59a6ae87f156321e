package dev.qualify.suites.freertos;

import dev.qualify.api.report.GroupResult;
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
 * One boot's Unity output shared by two groups through the engine (the test kit): each case is credited to the
 * group that declares it, whichever group read it; a case no group expects is an ERROR in the group that read it;
 * a case the image runs for a group outside the boot is only noted.
 */
class SharedUnityBootTest {
    @TempDir
    Path dir;

    static final Map<String, List<String>> EXPECTED = Map.of(
            "A", List.of("GA.One", "GA.Two"),
            "B", List.of("GB.One", "GB.Two"));

    @QualificationGroup(id = "A", title = "first", bootShare = "s", cases = {"GA.One", "GA.Two"})
    static class GroupA {
        @TestFactory
        Stream<DynamicTest> cases(GroupContext group) {
            return SharedUnityBoot.of(group).tests(group, EXPECTED, Set.of("GC.Elsewhere"));
        }
    }

    @QualificationGroup(id = "B", title = "second", bootShare = "s", cases = {"GB.One", "GB.Two"})
    static class GroupB {
        @TestFactory
        Stream<DynamicTest> cases(GroupContext group) {
            return SharedUnityBoot.of(group).tests(group, EXPECTED, Set.of("GC.Elsewhere"));
        }
    }

    private GroupResults run(String output) {
        TestDevice board = TestDevice.builder("b1").console(ScriptedConsole.script().named("script").print(output))
                .banner("Board .* booting").testTimeout(Duration.ofMillis(1500)).workDir(dir.resolve("device")).build();
        return GroupTestKit.groups(GroupA.class, GroupB.class).on(board).runDir(dir.resolve("run")).run();
    }

    private static Map<String, String> outcomes(GroupResult g) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TestResult t : g.tests()) {
            out.put(t.className().substring(t.className().indexOf('.') + 1) + "." + t.name(),
                    t.outcome() + (t.outcome() == Outcome.PASSED ? "" : ": " + t.message()));
        }
        return out;
    }

    @Test
    void casesOfOneBootAreCreditedToTheGroupThatDeclaresThem() {
        GroupResults r = run("""
                ---------STARTING TESTS---------
                TEST(GB.One) placeholder
                """.replace("TEST(GB.One) placeholder\n", "")
                + "TEST(GB, One) PASS\nTEST(GA, One) PASS\nTEST(GC, Elsewhere) PASS\n"
                + "TEST(GB, Two)x.c:12::FAIL: Expected 0 Was 1\nTEST(GA, Two) PASS\n\n-----------------------\n"
                + "5 Tests 1 Failures 0 Ignored\nFAIL\n-------ALL TESTS FINISHED-------\n");
        assertThat(outcomes(r.group("A"))).as(r.describe()).containsOnlyKeys("GA.One", "GA.Two")
                .containsEntry("GA.One", "PASSED").containsEntry("GA.Two", "PASSED");
        assertThat(outcomes(r.group("B"))).as(r.describe()).containsOnlyKeys("GB.One", "GB.Two")
                .containsEntry("GB.One", "PASSED");
        assertThat(outcomes(r.group("B")).get("GB.Two")).startsWith("FAILED").contains("Expected 0 Was 1");
        assertThat(r.groupLog("A") + r.log("GA.One") + r.log("GA.Two")).contains("GC.Elsewhere");
    }

    @Test
    void aCaseNoSelectedGroupExpectsIsAnErrorInTheGroupThatReadIt() {
        GroupResults r = run("---------STARTING TESTS---------\nTEST(GA, One) PASS\nTEST(GZ, Stray) PASS\n"
                + "TEST(GA, Two) PASS\nTEST(GB, One) PASS\nTEST(GB, Two) PASS\n\n-----------------------\n"
                + "5 Tests 0 Failures 0 Ignored\nOK\n-------ALL TESTS FINISHED-------\n");
        Map<String, String> a = outcomes(r.group("A"));
        assertThat(a.get("GZ.Stray")).as(r.describe()).startsWith("ERROR")
                .contains("unexpected case GZ.Stray (PASSED) printed by the device, not expected by any selected group");
        assertThat(outcomes(r.group("B"))).containsOnlyKeys("GB.One", "GB.Two").doesNotContainKey("GZ.Stray");
        assertThat(outcomes(r.group("B")).values()).containsOnly("PASSED");
    }

    @Test
    void aCaseTheDeviceNeverPrintedIsAnErrorInTheGroupThatExpectedIt() {
        GroupResults r = run("---------STARTING TESTS---------\nTEST(GA, One) PASS\nTEST(GA, Two) PASS\n"
                + "TEST(GB, One) PASS\n\n-----------------------\n3 Tests 0 Failures 0 Ignored\nOK\n"
                + "-------ALL TESTS FINISHED-------\n");
        assertThat(outcomes(r.group("A")).values()).containsOnly("PASSED");
        assertThat(outcomes(r.group("B")).get("GB.Two")).as(r.describe()).startsWith("ERROR")
                .contains("without reporting this case");
    }
}
