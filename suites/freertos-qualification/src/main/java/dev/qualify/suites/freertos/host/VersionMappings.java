package dev.qualify.suites.freertos.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The FreeRTOS versions the suite accepts: a {@code version-mappings.yml} in the shape of
 * FreeRTOS-Libraries-Integration-Tests' own ({@code mappings: [{freeRTOSVersion, compatibleTestsVersions: [..]}]}).
 * The suite ships one ({@value #RESOURCE}).
 */
public final class VersionMappings {
    /**
     * The version of FreeRTOS-Libraries-Integration-Tests whose test cases this suite implements: its groups, case
     * names and config macros are those of FLIT 202210.01.
     */
    public static final String FLIT_TESTS_VERSION = "202210.01";

    /** The mapping shipped with the suite, on its class path. */
    public static final String RESOURCE = "/dev/qualify/suites/freertos/version-mappings.yml";

    /** One entry: a FreeRTOS version and the FLIT test versions compatible with it. */
    public record Mapping(String freeRtosVersion, List<String> compatibleTestsVersions) {
        public Mapping {
            compatibleTestsVersions = List.copyOf(compatibleTestsVersions);
        }
    }

    private final List<Mapping> mappings;

    private VersionMappings(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /** The mapping shipped with the suite. */
    public static VersionMappings bundled() {
        try (InputStream in = VersionMappings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the suite's " + RESOURCE + " is missing from its jar");
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the suite's " + RESOURCE, e);
        }
    }

    /**
     * Parses a {@code version-mappings.yml}.
     *
     * @throws IllegalArgumentException when it lacks {@code mappings} or an entry lacks a field
     */
    public static VersionMappings parse(InputStream yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        JsonNode list = root == null ? null : root.get("mappings");
        if (list == null || !list.isArray()) throw new IllegalArgumentException("version-mappings.yml has no 'mappings' list");
        List<Mapping> out = new ArrayList<>();
        for (JsonNode m : list) {
            JsonNode v = m.get("freeRTOSVersion");
            JsonNode tests = m.get("compatibleTestsVersions");
            if (v == null || !v.isValueNode() || tests == null || !tests.isArray()) {
                throw new IllegalArgumentException("version-mappings.yml: entry " + m + " needs freeRTOSVersion and a compatibleTestsVersions list");
            }
            List<String> t = new ArrayList<>();
            tests.forEach(n -> t.add(n.asText().strip()));
            out.add(new Mapping(v.asText().strip(), t));
        }
        return new VersionMappings(out);
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** The entry of FreeRTOS version {@code version} (compared exactly, after trimming). */
    public Optional<Mapping> find(String version) {
        String v = version.strip();
        return mappings.stream().filter(m -> m.freeRtosVersion().equals(v)).findFirst();
    }

    /** The FreeRTOS versions compatible with FLIT test version {@code testsVersion}, in file order. */
    public List<String> acceptedFor(String testsVersion) {
        return mappings.stream().filter(m -> m.compatibleTestsVersions().contains(testsVersion)).map(Mapping::freeRtosVersion).toList();
    }

    /** The FreeRTOS versions this suite accepts: those compatible with {@link #FLIT_TESTS_VERSION}. */
    public List<String> accepted() {
        return acceptedFor(FLIT_TESTS_VERSION);
    }
}
