package dev.qualify.core.engine;

import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.core.boot.DevicePreparer;
import dev.qualify.core.boot.ImageCache;
import dev.qualify.core.config.ConfigLoader;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.device.DriverRegistry;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;

/**
 * One group run outside {@code qualify run}, from an IDE or {@code mvn test}: named by the configuration
 * parameters (or system properties) {@value #CONFIG} and {@value #POOL}, it loads that config, leases the pool's
 * first device (or {@value #DEVICE}), prepares it for the group exactly as the engine does, and on close powers
 * it down, kills what it started and stops the cloud. Logs go to {@code target/qualify-runs/<id>/} (or
 * {@value #OUTPUT}); {@code {{qualify.home}}} is {@value #HOME} (default: the working directory).
 */
final class StandaloneGroup implements AutoCloseable {
    static final String CONFIG = "qualify.config";
    static final String POOL = "qualify.pool";
    static final String DEVICE = "qualify.device";
    static final String OUTPUT = "qualify.output";
    static final String SUITE = "qualify.suite";
    static final String HOME = "qualify.home";

    private final GroupRun run;
    private final DevicePreparer preparer;
    private final ProcessRegistry processes;
    private final RunCloud cloud;

    private StandaloneGroup(GroupRun run, DevicePreparer preparer, ProcessRegistry processes, RunCloud cloud) {
        this.run = run;
        this.preparer = preparer;
        this.processes = processes;
        this.cloud = cloud;
    }

    GroupRun run() {
        return run;
    }

    /** The settings of a standalone run, when {@value #CONFIG} names a config. */
    static Optional<Settings> configured(ExtensionContext ctx) {
        return parameter(ctx, CONFIG).map(config -> new Settings(Path.of(config), parameter(ctx, POOL).orElse(null),
                parameter(ctx, DEVICE).orElse(null), Path.of(parameter(ctx, OUTPUT).orElse("target/qualify-runs")),
                parameter(ctx, SUITE).orElse(null), Path.of(parameter(ctx, HOME).orElse(""))));
    }

    private static Optional<String> parameter(ExtensionContext ctx, String key) {
        Optional<String> p = ctx.getConfigurationParameter(key);
        return p.isPresent() ? p : Optional.ofNullable(System.getProperty(key));
    }

    /** Where the config and the device come from. */
    record Settings(Path config, String pool, String device, Path output, String suite, Path home) {

        /** Loads the config, leases the device and prepares it for {@code groupClass}. */
        StandaloneGroup start(Class<?> groupClass) {
            DriverRegistry drivers = DriverRegistry.load();
            List<CloudProvider> clouds = ServiceLoader.load(CloudProvider.class, StandaloneGroup.class.getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
            QualifyConfig cfg = new ConfigLoader(drivers, clouds).load(config);
            PoolSpec p = pool == null ? onlyPool(cfg) : cfg.pool(pool).orElseThrow(() -> new IllegalArgumentException(
                    "no pool '" + pool + "' in " + config + "; pools: " + cfg.pools().stream().map(PoolSpec::id).toList()));
            var spec = device == null ? p.devices().get(0) : p.devices().stream().filter(d -> d.id().equals(device))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no device '" + device + "' in pool " + p.id()));
            GroupDescriptor group = GroupDescriptor.of(groupClass);
            String runId = "standalone-" + UUID.randomUUID().toString().substring(0, 8);
            Path runDir = output.toAbsolutePath().resolve(runId);
            ProcessRegistry processes = new ProcessRegistry();
            RunCloud cloud = new RunCloud(cfg.cloud(), clouds, runDir, cfg.baseDir(), secret -> { });
            try {
                Files.createDirectories(runDir);
                ConfiguredDevice d = new Devices(cfg, drivers, home.toAbsolutePath(), 1.0, processes).create(spec, p, runDir);
                SuiteParameters params = new SuiteParameters(cfg.suites().getOrDefault(suiteId(cfg, groupClass), Map.of()),
                        cfg.baseDir());
                GroupRun run = new GroupRun(runId, group, d, params, runDir.resolve("work").resolve(group.id()),
                        runDir.resolve("logs").resolve(d.id()).resolve(group.id()), 1.0, cloud,
                        (RoutingTranscript) d.context().transcript(), Set.of());
                TestLog log = new TestLog(run.logDir().resolve("_group.log"), Clock.systemUTC());
                run.router().routeTo(log);
                run.keep(log);
                Files.createDirectories(run.workDir());
                DevicePreparer preparer = new DevicePreparer(new ImageCache(runDir.resolve("work").resolve("images")));
                StandaloneGroup g = new StandaloneGroup(run, preparer, processes, cloud);
                try {
                    log.note("device prepared: " + preparer.prepare(run));
                } catch (RuntimeException e) {
                    g.close();
                    throw e;
                }
                return g;
            } catch (IOException e) {
                processes.killAll(Duration.ofSeconds(1));
                throw new UncheckedIOException("cannot set up " + runDir, e);
            }
        }

        private String suiteId(QualifyConfig cfg, Class<?> groupClass) {
            if (suite != null) return suite;
            for (QualificationSuite s : ServiceLoader.load(QualificationSuite.class, groupClass.getClassLoader())) {
                if (s.groupClasses().contains(groupClass)) return s.id();
            }
            return cfg.suites().size() == 1 ? cfg.suites().keySet().iterator().next() : "";
        }

        private PoolSpec onlyPool(QualifyConfig cfg) {
            if (cfg.pools().size() == 1) return cfg.pools().get(0);
            throw new IllegalArgumentException(config + " has " + cfg.pools().size() + " pools; name one with -D" + POOL
                    + "=ID: " + cfg.pools().stream().map(PoolSpec::id).toList());
        }
    }

    @Override
    public void close() {
        try {
            preparer.release(run, true);
        } finally {
            run.close();
            run.configuredDevice().close();
            run.router().routeTo(null);
            processes.killAll(Duration.ofSeconds(2));
            cloud.close();
        }
    }
}
