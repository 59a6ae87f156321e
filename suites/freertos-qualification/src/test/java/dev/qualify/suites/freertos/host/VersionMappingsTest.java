package dev.qualify.suites.freertos.host;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionMappingsTest {
    /** FLIT's own file, as its repository has it. */
    private static final String FLIT = """
            name: "Compatible Version Mappings"
            description: |-
              "All of the FreeRTOS versions and their corresponding compatible FreeRTOS-Libraries-Integration-Tests repository versions"
            mappings:
              - freeRTOSVersion: "202210.00-LTS"
                compatibleTestsVersions:
                  - "202210.00"
                  - "202210.01"
              - freeRTOSVersion: "202212.00"
                compatibleTestsVersions:
                  - "202210.01"
              - freeRTOSVersion: "202012.00-LTS"
                compatibleTestsVersions:
                  - "202205.01"
            """;

    @Test
    void readsFlitsOwnFile() throws Exception {
        VersionMappings m = VersionMappings.parse(new ByteArrayInputStream(FLIT.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, m.mappings().size());
        assertEquals(java.util.List.of("202210.00", "202210.01"), m.find("202210.00-LTS").orElseThrow().compatibleTestsVersions());
        assertEquals(java.util.List.of("202210.00-LTS", "202212.00"), m.acceptedFor("202210.01"));
        assertTrue(m.find("202406.00-LTS").isEmpty());
    }

    @Test
    void theBundledMappingAcceptsTheVersionsCompatibleWithFlit20221001() {
        VersionMappings m = VersionMappings.bundled();
        assertEquals("202210.01", VersionMappings.FLIT_TESTS_VERSION);
        assertEquals(java.util.List.of("202210.00-LTS", "202210.01-LTS", "202212.00"), m.accepted());
        assertEquals(java.util.List.of("202205.01"), m.find("202012.00-LTS").orElseThrow().compatibleTestsVersions());
    }

    @Test
    void aFileWithoutMappingsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> VersionMappings.parse(new ByteArrayInputStream("name: x\n".getBytes(StandardCharsets.UTF_8))));
    }
}
