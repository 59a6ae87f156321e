package dev.qualify.suites.freertos.advisor;

import dev.qualify.api.device.Transcript;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.samples.virtualboard.advisor.AdvisorFaults;
import dev.qualify.samples.virtualboard.advisor.AdvisorOptions;
import dev.qualify.samples.virtualboard.advisor.DeviceAdvisorDemo;
import dev.qualify.samples.virtualboard.advisor.DeviceTls;
import dev.qualify.suites.freertos.groups.FullCloudIoTGroup;
import picocli.CommandLine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The virtual board's Device Advisor demo run in process (a thread) against its own Device Advisor endpoint of an
 * emulated cloud, with the {@code --da-*} misbehaviours of the board's command line, and FullCloudIoT's scenarios
 * run against it one case after the other, as the group runs them.
 */
final class ScenarioDevice implements AutoCloseable {
    private final AdvisorRig rig;
    private final Thread device;
    private final List<String> log;
    /** How long each case took, in seconds (awaiting the device's connection included). */
    final Map<AdvisorCase, Double> seconds = new java.util.EnumMap<>(AdvisorCase.class);

    @CommandLine.Command(name = "board")
    static final class Flags {
        @CommandLine.Mixin
        AdvisorOptions options;
    }

    private ScenarioDevice(AdvisorRig rig, Thread device, List<String> log) {
        this.rig = rig;
        this.device = device;
        this.log = log;
    }

    /** Parses the board's {@code --da-*} flags as {@code virtual-board run} does. */
    static AdvisorFaults faults(String... flags) {
        Flags f = new Flags();
        new CommandLine(f).parseArgs(flags);
        return f.options.faults();
    }

    /** Provisions a thing, opens its endpoint and starts the device on it. */
    static ScenarioDevice start(EmulatedCloud cloud, String id, AdvisorFaults faults) throws Exception {
        AdvisorRig rig = AdvisorRig.open(id, cloud);
        var c = rig.credentials();
        var tls = DeviceTls.context(c.rootCaPem(), c.certificatePem(), c.privateKeyPem(), faults);
        var settings = new DeviceAdvisorDemo.Settings(rig.endpoint().endpoint().host(), rig.endpoint().endpoint().port(),
                rig.clientId(), c.thingName(), FullCloudIoTGroup.KEEP_ALIVE_SECONDS, rig.settings().triggerTopic());
        List<String> log = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                new DeviceAdvisorDemo(settings, tls, faults, line -> {
                    synchronized (log) {
                        log.add(line);
                    }
                }).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "device-" + id);
        t.setDaemon(true);
        ScenarioDevice started = new ScenarioDevice(rig, t, log);
        t.start();
        return started;
    }

    /** Runs the scenario of every case, in Device Advisor's order, and returns the verdicts. */
    List<Verdict> runAll() throws InterruptedException {
        CaseRunner runner = new CaseRunner(rig, Transcript.NONE, Duration::abs);
        Map<AdvisorCase, Scenario> scenarios = Scenarios.all(FullCloudIoTGroup.KEEP_ALIVE_SECONDS);
        List<Verdict> out = new ArrayList<>();
        for (AdvisorCase c : AdvisorCase.values()) {
            long start = System.nanoTime();
            out.add(runner.run(scenarios.get(c)));
            seconds.put(c, (System.nanoTime() - start) / 1e9);
        }
        return out;
    }

    /** The device's last log lines (its demo's "DA:" lines), for a failure message. */
    String tail() {
        synchronized (log) {
            return String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        device.interrupt();
        device.join(10_000);
        rig.close();
    }
}
