package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.support.Suggestions;
import dev.qualify.suites.freertos.host.Manifest;
import dev.qualify.suites.freertos.host.VersionMappings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code FreeRTOSVersion}: the {@code freeRTOSVersion} suite parameter (IDT's {@code userdata.json} field) must be a
 * FreeRTOS version that the suite's version mapping ({@code version-mappings.yml}, FLIT's shape) lists as compatible
 * with the FLIT tests this suite implements ({@link VersionMappings#FLIT_TESTS_VERSION}). Checked on the host; the
 * device is not touched.
 */
@QualificationGroup(id = "FreeRTOSVersion", title = "FreeRTOS version is supported", required = true,
        preparation = Preparation.HostOnly.class, cases = "FreeRTOSVersion")
public class FreeRtosVersionGroup {
    /** The parameter, as in {@code userdata.json}. */
    public static final String PARAMETER = "freeRTOSVersion";

    @Test
    void FreeRTOSVersion(GroupContext group) { // named as the test id IDT users know
        VersionMappings mappings = VersionMappings.bundled();
        List<String> accepted = mappings.accepted();
        String tests = VersionMappings.FLIT_TESTS_VERSION;
        String version = group.parameters().string(PARAMETER).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (version == null) {
            fail("freeRTOSVersion is not set: set suites.freertos-qualification." + PARAMETER + " in the config to the"
                    + " FreeRTOS version of your project; this suite (FLIT " + tests + " tests) accepts " + accepted);
        }
        Optional<VersionMappings.Mapping> entry = mappings.find(version);
        if (entry.isEmpty()) {
            List<String> known = mappings.mappings().stream().map(VersionMappings.Mapping::freeRtosVersion).toList();
            fail("unknown FreeRTOS version '" + version + "': the suite's version mapping does not list it"
                    + Suggestions.closest(version, accepted).map(s -> " (did you mean '" + s + "'?)").orElse("")
                    + "; this suite (FLIT " + tests + " tests) accepts " + accepted + " (it knows " + known + ")");
        }
        List<String> compatible = entry.get().compatibleTestsVersions();
        if (!compatible.contains(tests)) {
            fail("FreeRTOS " + version + " is not compatible with this suite: it is qualified with FLIT tests " + compatible
                    + ", and this suite implements FLIT " + tests + "; this suite accepts " + accepted);
        }
        group.transcript().note("FreeRTOS " + version + " is compatible with FLIT tests " + compatible + "; this suite implements FLIT " + tests);
        manifestVersion(group).filter(v -> !v.equals(version)).ifPresent(v -> group.transcript().note(
                "note: manifest.yml at the source root says version " + v + ", the config says freeRTOSVersion " + version));
    }

    /** The version the project's manifest gives, when it has a readable one (a note only). */
    private static Optional<String> manifestVersion(GroupContext group) {
        Optional<Path> src = group.parameters().path("sourcePath");
        if (src.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Manifest.read(src.get()).version());
        } catch (Manifest.Invalid e) {
            return Optional.empty();
        }
    }
}
