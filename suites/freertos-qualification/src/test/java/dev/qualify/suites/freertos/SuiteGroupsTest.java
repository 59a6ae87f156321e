package dev.qualify.suites.freertos;

import dev.qualify.api.suite.GroupDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's host groups and the groups it names but cannot run yet. */
class SuiteGroupsTest {
    private final FreeRtosQualificationSuite suite = new FreeRtosQualificationSuite();

    @Test
    void theHostGroupsComeFirstAndTheUnavailableOnesHaveNoGroupClass() {
        List<String> ids = suite.groups().stream().map(GroupDescriptor::id).toList();
        assertEquals(List.of("FreeRTOSVersion", "FreeRTOSIntegrity"), ids.subList(0, 2));
        assertTrue(suite.groups().get(0).required());
        assertEquals(List.of("OTADataplaneMQTT", "OTADataplaneHTTP"), List.copyOf(suite.unavailableGroups().keySet()));
        Set<String> both = suite.unavailableGroups().keySet().stream().filter(ids::contains).collect(Collectors.toSet());
        assertTrue(both.isEmpty(), "an unavailable group must not also have a class: " + both);
    }
}
