package dev.qualify.core.engine;

import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.process.JsonPathPlaceholders;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.ProcessRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link Device}s from config with the placeholder context every driver sees: {@code config.idtRootPath},
 * {@code config.dir}, {@code qualify.home}, {@code qualify.java}, {@code run.dir}, {@code pool.id}, and
 * {@code device.*} (the device's section plus {@code workDir}). Each device's transcript is a
 * {@link RoutingTranscript}.
 */
public final class Devices {
    private final QualifyConfig config;
    private final DriverRegistry drivers;
    private final Path qualifyHome;
    private final double timeoutMultiplier;
    private final ProcessRegistry processes;
    private final SecretMask secrets;

    public Devices(QualifyConfig config, DriverRegistry drivers, Path qualifyHome, double timeoutMultiplier,
                   ProcessRegistry processes) {
        this(config, drivers, qualifyHome, timeoutMultiplier, processes, SecretMask.NONE);
    }

    /**
     * @param secrets the run's mask: every secret value a driver substitutes for a placeholder is added to it
     */
    public Devices(QualifyConfig config, DriverRegistry drivers, Path qualifyHome, double timeoutMultiplier,
                   ProcessRegistry processes, SecretMask secrets) {
        this.secrets = secrets;
        this.config = config;
        this.drivers = drivers;
        this.qualifyHome = qualifyHome;
        this.timeoutMultiplier = timeoutMultiplier;
        this.processes = processes;
    }

    /** A device whose work directory is {@code runDir/work/<device>}, created here. */
    public ConfiguredDevice create(DeviceSpec spec, PoolSpec pool, Path runDir) throws IOException {
        Path work = runDir.resolve("work").resolve(spec.id());
        Files.createDirectories(work);
        Map<String, Object> placeholders = new HashMap<>();
        String home = qualifyHome.toAbsolutePath().toString();
        placeholders.put("config", Map.of("idtRootPath", home, "dir", config.baseDir().toString()));
        placeholders.put("qualify", Map.of("home", home, "java", ProcessHandle.current().info().command().orElse("java")));
        placeholders.put("run", Map.of("dir", runDir.toString()));
        placeholders.put("pool", Map.of("id", pool.id()));
        Map<String, Object> deviceJson = new LinkedHashMap<>(spec.json());
        deviceJson.put("workDir", work.toString());
        DriverContext ctx = new DriverContext(spec.id(), deviceJson, placeholders, secrets.tracking(JsonPathPlaceholders.SYNTAX), work,
                timeoutMultiplier, processes,
                new RoutingTranscript());
        return new ConfiguredDevice(spec, pool, drivers, ctx);
    }
}
