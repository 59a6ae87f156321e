package dev.qualify.core.cli;

import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.ConfigLoader;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.core.engine.DeviceCheck;
import dev.qualify.core.engine.Devices;
import dev.qualify.api.report.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code qualify devices check}: does every device answer? */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "Work with the devices of a config.",
        subcommands = DevicesCommand.Check.class)
final class DevicesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Power on, open the console and see bytes, run echo over the shell, and check that build and flash"
                    + " programs exist, for every device; prints a table and exits 3 if any device fails.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", defaultValue = "qualify.yaml", description = "Default: ${DEFAULT-VALUE}")
        Path config;

        @Option(names = {"--pool", "--pool-id"}, paramLabel = "ID", description = "Only this pool (default: all).")
        String pool;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10", description = "How long to wait for each answer. Default: ${DEFAULT-VALUE}")
        int waitSeconds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            QualifyConfig cfg;
            try {
                cfg = new ConfigLoader(Plugins.drivers(), Plugins.clouds()).load(config);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("qualify: configuration error in " + e.getMessage());
                return ExitCodes.USAGE;
            }
            List<PoolSpec> pools = pool == null ? cfg.pools()
                    : List.of(cfg.pool(pool).orElseThrow(() -> new UsageException("no pool '" + pool + "' in " + config)));
            ProcessRegistry processes = new ProcessRegistry();
            Path scratch = Files.createTempDirectory("qualify-check");
            Devices devices = new Devices(cfg, Plugins.drivers(), Installation.home(), 1.0, processes);
            DeviceCheck check = new DeviceCheck(Duration.ofSeconds(waitSeconds));
            List<DeviceCheck.Result> results = new ArrayList<>();
            try {
                for (PoolSpec p : pools) {
                    for (DeviceSpec d : p.devices()) {
                        ConfiguredDevice device = devices.create(d, p, scratch);
                        results.add(check.check(device));
                    }
                }
            } finally {
                processes.killAll(Duration.ofSeconds(2));
            }
            out.printf("%-20s %-8s %-8s %s%n", "DEVICE", "ASPECT", "RESULT", "DETAIL");
            for (DeviceCheck.Result r : results) {
                for (Map.Entry<String, DeviceCheck.Aspect> a : r.aspects().entrySet()) {
                    out.printf("%-20s %-8s %-8s %s%n", r.deviceId(), a.getKey(), a.getValue().ok() ? "ok" : "FAILED", a.getValue().detail());
                }
            }
            long failed = results.stream().filter(r -> !r.ok()).count();
            out.println(failed == 0 ? results.size() + " device(s) answered." : failed + " of " + results.size() + " device(s) failed the check.");
            return failed == 0 ? ExitCodes.PASSED : ExitCodes.INFRASTRUCTURE;
        }
    }
}
