package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.NeedsEmulatedCloud;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.SourceLocator;
import dev.qualify.core.device.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * {@link NeedsEmulatedCloud}: on a cloud without {@link CloudCapability#EMULATOR} a marked group is SKIPPED case by
 * case without being prepared or starting the cloud, and a marked method is SKIPPED while its group's other tests
 * run; on a cloud with it, both run.
 */
class EmulatedCloudNeedsTest {
    @TempDir
    Path dir;

    @QualificationGroup(id = "Mixed", title = "one case needs the emulator", preparation = Preparation.HostOnly.class)
    static class MixedGroup {
        @Test
        void anyBroker(GroupContext group) {
            assertThat(group.cloud()).isNotNull();
        }

        @Test
        @NeedsEmulatedCloud("packet capture")
        void emulatorOnly(GroupContext group) {
            assertThat(group.cloud().capabilities()).contains(CloudCapability.EMULATOR);
        }
    }

    /** A group whose preparation must never run on a cloud without the emulator. */
    public static final class MustNotPrepare implements Preparation {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public dev.qualify.api.suite.DeviceRequirement requirement(GroupContext group) {
            CALLS.incrementAndGet();
            return dev.qualify.api.suite.DeviceRequirement.none();
        }
    }

    @NeedsEmulatedCloud("fault injection")
    @QualificationGroup(id = "Faults", title = "needs the emulator", preparation = MustNotPrepare.class,
            cases = {"Faults.Withheld_Connack", "Faults.Bad_Server_Certificate"})
    static class FaultsGroup {
        @Test
        void Withheld_Connack() {
        }

        @Test
        void Bad_Server_Certificate() {
        }
    }

    /** A cloud of type {@code type} with {@code capabilities}; counts its starts. */
    static final class FakeProvider implements CloudProvider {
        final String type;
        final Set<CloudCapability> capabilities;
        final AtomicInteger starts = new AtomicInteger();

        FakeProvider(String type, Set<CloudCapability> capabilities) {
            this.type = type;
            this.capabilities = capabilities;
        }

        @Override public String type() { return type; }

        @Override public Set<CloudCapability> capabilities(Map<String, Object> settings) { return capabilities; }

        @Override
        public Cloud start(Map<String, Object> settings, Path workDir) {
            starts.incrementAndGet();
            return new Cloud() {
                @Override public String type() { return type; }
                @Override public Endpoint mqttEndpoint() { return new Endpoint("127.0.0.1", 8883); }
                @Override public Set<CloudCapability> capabilities() { return capabilities; }
                @Override public DeviceCredentials provisionThing(String thingName) {
                    throw new UnsupportedOperationException();
                }
                @Override public void close() { }
            };
        }
    }

    private RunReport run(FakeProvider provider, Class<?>... groups) throws Exception {
        DeviceSpec d = new DeviceSpec("d0", Map.of(), new BootSpec(null, null, null, null, null, null, null), Map.of("id", "d0"), "");
        PoolSpec pool = new PoolSpec("pool", null, Map.of(), List.of(d));
        QualifyConfig config = new QualifyConfig(dir.resolve("q.yaml"), List.of(pool), Map.of(),
                new ResourceSpec(provider.type, Map.of(), "/cloud"), SourceLocator.none(dir.resolve("q.yaml")));
        var suite = RunEngineTest.suite(groups);
        RunPlan plan = new RunPlan(suite.id(), "pool", List.of(), List.of(), List.of(), 1.0, dir.resolve("results"), false, dir, "test");
        RunEngine engine = new RunEngine(config, plan, suite, new DriverRegistry(List.of()), List.of(provider), List.of(),
                ProgressListener.NONE, Clock.systemUTC());
        return engine.run(pool, suite.groups(), Map.of()).report();
    }

    private static List<TestResult> tests(RunReport r) {
        return r.groups().stream().flatMap(g -> g.tests().stream()).toList();
    }

    @Test
    void onAnExternalBrokerTheMarkedMethodIsSkippedWithTheReasonAndTheOthersRun() throws Exception {
        RunReport r = run(new FakeProvider("mqtt", Set.of()), MixedGroup.class);
        assertThat(tests(r)).extracting(TestResult::name, TestResult::outcome, TestResult::message).containsExactlyInAnyOrder(
                tuple("anyBroker", Outcome.PASSED, null),
                tuple("emulatorOnly", Outcome.SKIPPED, "needs the emulated cloud (packet capture); cloud.type is mqtt"));
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void onAnExternalBrokerAMarkedGroupIsSkippedCaseByCaseWithoutPreparationOrStartingTheCloud() throws Exception {
        MustNotPrepare.CALLS.set(0);
        FakeProvider provider = new FakeProvider("aws-iot", Set.of(CloudCapability.SHADOW));
        RunReport r = run(provider, FaultsGroup.class);
        assertThat(tests(r)).extracting(TestResult::name, TestResult::outcome, TestResult::message).containsExactly(
                tuple("Withheld_Connack", Outcome.SKIPPED, "needs the emulated cloud (fault injection); cloud.type is aws-iot"),
                tuple("Bad_Server_Certificate", Outcome.SKIPPED, "needs the emulated cloud (fault injection); cloud.type is aws-iot"));
        assertThat(MustNotPrepare.CALLS).hasValue(0);
        assertThat(provider.starts).hasValue(0);
    }

    @Test
    void onTheEmulatorBothRun() throws Exception {
        MustNotPrepare.CALLS.set(0);
        RunReport r = run(new FakeProvider("emulated", EnumSet.of(CloudCapability.EMULATOR)), MixedGroup.class, FaultsGroup.class);
        assertThat(tests(r)).extracting(TestResult::name, TestResult::outcome).containsExactlyInAnyOrder(
                tuple("anyBroker", Outcome.PASSED), tuple("emulatorOnly", Outcome.PASSED),
                tuple("Withheld_Connack", Outcome.PASSED), tuple("Bad_Server_Certificate", Outcome.PASSED));
        assertThat(MustNotPrepare.CALLS).hasValue(1);
    }
}
