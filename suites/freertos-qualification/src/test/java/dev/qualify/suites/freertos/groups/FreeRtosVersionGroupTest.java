package dev.qualify.suites.freertos.groups;

import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FreeRtosVersionGroup} through the engine's path (the test kit), on a device it never touches. */
class FreeRtosVersionGroupTest {
    private static final String ACCEPTED = "[202210.00-LTS, 202210.01-LTS, 202212.00]";

    private static GroupResults run(Map<String, Object> parameters) {
        try (TestDevice device = TestDevice.builder("board-1").build()) {
            GroupResults r = GroupTestKit.group(FreeRtosVersionGroup.class).on(device).parameters(parameters).run();
            assertTrue(device.consoles().isEmpty(), "a host group opens no console");
            assertTrue(r.internalErrors().isEmpty(), r.internalErrors().toString());
            return r;
        }
    }

    @Test
    void theDemoVersionPasses() {
        GroupResults r = run(Map.of("freeRTOSVersion", "202210.01-LTS"));
        r.assertAll(Outcome.PASSED);
        TestResult t = r.test("FreeRTOSVersion");
        assertEquals("FreeRTOSVersion.FreeRtosVersionGroup", t.className());
        assertTrue(r.log("FreeRTOSVersion").contains("compatible with FLIT tests [202210.01]"), r.log("FreeRTOSVersion"));
    }

    @Test
    void anUnknownVersionFailsListingTheAcceptedOnes() {
        TestResult t = run(Map.of("freeRTOSVersion", "202406.00-LTS")).assertOutcome("FreeRTOSVersion", Outcome.FAILED);
        assertTrue(t.message().contains("unknown FreeRTOS version '202406.00-LTS'"), t.message());
        assertTrue(t.message().contains("accepts " + ACCEPTED), t.message());
    }

    @Test
    void aTypoGetsASuggestion() {
        TestResult t = run(Map.of("freeRTOSVersion", "202210.01-LST")).assertOutcome("FreeRTOSVersion", Outcome.FAILED);
        assertTrue(t.message().contains("did you mean '202210.01-LTS'?"), t.message());
    }

    @Test
    void aKnownVersionForOtherTestsFailsAsIncompatible() {
        TestResult t = run(Map.of("freeRTOSVersion", "202012.00-LTS")).assertOutcome("FreeRTOSVersion", Outcome.FAILED);
        assertTrue(t.message().contains("not compatible with this suite"), t.message());
        assertTrue(t.message().contains("FLIT tests [202205.01]"), t.message());
        assertTrue(t.message().contains("implements FLIT 202210.01"), t.message());
        assertTrue(t.message().contains(ACCEPTED), t.message());
    }

    @Test
    void aMissingVersionFailsSayingToSetIt() {
        TestResult t = run(Map.of()).assertOutcome("FreeRTOSVersion", Outcome.FAILED);
        assertTrue(t.message().contains("freeRTOSVersion is not set: set suites.freertos-qualification.freeRTOSVersion"), t.message());
        assertTrue(t.message().contains(ACCEPTED), t.message());
    }
}
