package dev.qualify.suites.freertos;

import dev.qualify.api.suite.GroupDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's host groups, and every FRQ 2.x group available. */
class SuiteGroupsTest {
    private final FreeRtosQualificationSuite suite = new FreeRtosQualificationSuite();

    @Test
    void theHostGroupsComeFirstAndEveryFrq2GroupHasAGroupClass() {
        List<String> ids = suite.groups().stream().map(GroupDescriptor::id).toList();
        assertEquals(List.of("FreeRTOSVersion", "FreeRTOSIntegrity"), ids.subList(0, 2));
        assertTrue(suite.groups().get(0).required());
        assertTrue(suite.unavailableGroups().isEmpty(), "every FRQ 2.x group runs: " + suite.unavailableGroups());
        assertTrue(ids.containsAll(List.of("FullCloudIoT", "OTADataplaneMQTT", "OTADataplaneHTTP")), ids.toString());
    }
}
