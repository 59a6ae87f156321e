package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.core.config.ResourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What a cloud tells the run while it runs (e.g. each resource it creates) reaches where the engine points it. */
class RunCloudNotesTest {
    @TempDir
    Path dir;

    /** A provider whose cloud notes each thing it provisions, as one that creates resources in an account does. */
    private static final class NotingProvider implements CloudProvider {
        final List<Path> workDirs = new ArrayList<>();
        @Override public String type() { return "noting"; }
        @Override public Cloud start(Map<String, Object> settings, Path workDir) { return start(settings, workDir, workDir, n -> { }); }
        @Override public Cloud start(Map<String, Object> settings, Path workDir, Path baseDir, Consumer<String> notes) {
            workDirs.add(workDir);
            return new Cloud() {
                @Override public String type() { return "noting"; }
                @Override public Endpoint mqttEndpoint() { return new Endpoint("broker", 8883); }
                @Override public Set<CloudCapability> capabilities() { return Set.of(); }
                @Override public DeviceCredentials provisionThing(String thingName) {
                    notes.accept("created thing " + thingName);
                    return new DeviceCredentials(thingName, "CERT", "KEY", "CA", mqttEndpoint());
                }
                @Override public void close() {
                    notes.accept("closed");
                }
            };
        }
    }

    @Test
    void notesOfTheCloudGoWhereTheEngineSaysAndAreDroppedBefore() {
        List<String> journal = new ArrayList<>();
        try (RunCloud cloud = new RunCloud(new ResourceSpec("noting", Map.of(), "/cloud"), List.of(new NotingProvider()), dir, dir, s -> { })) {
            cloud.get().provisionThing("before");
            cloud.notesTo(journal::add);
            cloud.get().provisionThing("board-1");
        }
        assertThat(journal).containsExactly("created thing board-1", "closed");
    }

    @Test
    void theCloudsDirectoryIsMadeInTheRunDirectoryTheEngineNamesSoThatCleanupRunFindsItsLedger() {
        NotingProvider provider = new NotingProvider();
        Path runDir = dir.resolve("results").resolve("20261202-130000-abcd1234");
        try (RunCloud cloud = new RunCloud(new ResourceSpec("noting", Map.of(), "/cloud"), List.of(provider), dir.resolve("results"), dir, s -> { })) {
            cloud.directoryIn(runDir);
            cloud.get();
        }
        assertThat(provider.workDirs).singleElement().satisfies(w -> {
            assertThat(w.getParent()).isEqualTo(runDir.toAbsolutePath());
            assertThat(w.getFileName().toString()).matches("cloud-[0-9a-f]{8}");
        });
    }
}
