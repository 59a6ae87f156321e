package dev.qualify.suites.freertos;

import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.core.engine.GroupRun;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.core.engine.RoutingTranscript;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.SuiteParameters;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Unity output into dynamic tests, above a scripted console (the real drivers are tested in device-connectors). */
class UnityDeviceTestsTest {
    @TempDir
    Path dir;

    /** Plays a script, then blocks like a UART that went quiet. */
    static final class ScriptedInput extends InputStream {
        private final byte[] script;
        private int pos;
        private final CountDownLatch closed = new CountDownLatch(1);

        ScriptedInput(String script) {
            this.script = script.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("bulk reads only");
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (pos < script.length) {
                int n = Math.min(len, script.length - pos);
                System.arraycopy(script, pos, b, off, n);
                pos += n;
                return n;
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private Map<String, Object> run(String deviceOutput, Set<String> selected, List<String> expected) {
        DriverFactory<Console> console = new DriverFactory<>() {
            @Override public Class<Console> capability() { return Console.class; }
            @Override public String type() { return "script"; }
            @Override public void validate(Map<String, Object> s) { }
            @Override public Console create(Map<String, Object> s, DriverContext c) {
                return new StreamConsole("script", new ScriptedInput(deviceOutput), new ByteArrayOutputStream(), null);
            }
        };
        DriverFactory<Flasher> flasher = new DriverFactory<>() {
            @Override public Class<Flasher> capability() { return Flasher.class; }
            @Override public String type() { return "noop"; }
            @Override public void validate(Map<String, Object> s) { }
            @Override public Flasher create(Map<String, Object> s, DriverContext c) { return image -> { }; }
        };
        BootSpec boot = new BootSpec("Board .* booting", null, null, null, null, Duration.ofMillis(800), null);
        DeviceSpec spec = new DeviceSpec("b1", Map.of("console", new ResourceSpec("script", Map.of(), ""),
                "flash", new ResourceSpec("noop", Map.of(), "")), boot, Map.of(), "");
        PoolSpec pool = new PoolSpec("p", null, Map.of(), List.of(spec));
        RoutingTranscript transcript = new RoutingTranscript();
        Device device = new Device(spec, pool, new DriverRegistry(List.of(console, flasher)),
                new DriverContext("b1", Map.of(), Map.of(), dir, 1.0, new ProcessRegistry(), transcript));
        GroupRun run = new GroupRun("r", new GroupDescriptor("G", "g", true, List.of(), expected, Object.class), device,
                new SuiteParameters(Map.of(), dir), dir, dir, 1.0, () -> null, transcript, selected);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        try {
            List<DynamicTest> tests = new ArrayList<>(UnityDeviceTests.run(run, dir.resolve("img"), expected).toList());
            for (DynamicTest t : tests) {
                try {
                    t.getExecutable().execute();
                    outcomes.put(t.getDisplayName(), "PASSED");
                } catch (AssertionFailedError e) {
                    outcomes.put(t.getDisplayName(), "FAILED: " + e.getMessage());
                } catch (TestAbortedException e) {
                    outcomes.put(t.getDisplayName(), "SKIPPED: " + e.getMessage());
                } catch (InfrastructureException e) {
                    outcomes.put(t.getDisplayName(), "ERROR " + e.type() + ": " + e.getMessage());
                } catch (Throwable e) {
                    outcomes.put(t.getDisplayName(), "OTHER " + e);
                }
            }
        } finally {
            device.close();
        }
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
