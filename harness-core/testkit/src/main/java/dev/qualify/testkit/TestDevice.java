package dev.qualify.testkit;

import dev.qualify.api.device.Builder;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Shell;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.core.engine.RoutingTranscript;
import dev.qualify.core.process.JsonPathPlaceholders;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A device made of fakes, assembled through the engine's own types: a {@code DeviceSpec} whose resource sections
 * have {@code type: fake}, a {@code DriverRegistry} whose factories hand out the given fakes, and a
 * {@code ConfiguredDevice}, so the engine's boot, preparation and capability handling run for real against it.
 *
 * <p>A console is given as a {@link ScriptedConsole.Script}: the engine closes the console before every power
 * cycle and at the end of every group and opens a new one when it needs it again, and each opening plays the next
 * script from its start (the last one repeats), like a board printing its boot output again after each power
 * cycle. {@link #consoles()} lists the consoles opened so far.
 *
 * <p>The boot settings are the {@code boot} section of a device's config: {@link Setup#banner},
 * {@link Setup#readyPattern}, {@link Setup#handshake}, timeouts and death strings. A device is used by one group at
 * a time, like any leased device.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TestDevice implements Device, AutoCloseable {
    /** The default boot timeout of a test device: short, so a test of a boot failure is quick. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(5);

    private final ConfiguredDevice device;
    private final Setup setup;
    private final List<ScriptedConsole> consoles;
    private final ProcessRegistry processes;

    private TestDevice(ConfiguredDevice device, Setup setup, List<ScriptedConsole> consoles, ProcessRegistry processes) {
        this.device = device;
        this.setup = setup;
        this.consoles = consoles;
        this.processes = processes;
    }

    /** Starts describing device {@code id} of pool {@code test-pool}. */
    public static Setup builder(String id) {
        return new Setup(id);
    }

    /** The engine's view of this device, for the engine's own types ({@code GroupRun}, {@code FirmwareBoot}). */
    public ConfiguredDevice configured() {
        return device;
    }

    /** The device's config, as the engine reads it. */
    public DeviceSpec spec() {
        return device.spec();
    }

    /** The pool the device belongs to. */
    public PoolSpec pool() {
        return setup.poolSpec;
    }

    /** The run's process registry the device's drivers would register children with. */
    public ProcessRegistry processes() {
        return processes;
    }

    /** The power control given, if any. */
    public Optional<RecordingPower> power() {
        return Optional.ofNullable(setup.power);
    }

    public Optional<FakeShell> shell() {
        return Optional.ofNullable(setup.shell);
    }

    public Optional<FakeFlasher> flasher() {
        return Optional.ofNullable(setup.flasher);
    }

    public Optional<FakeBuilder> builder() {
        return Optional.ofNullable(setup.builder);
    }

    /** The scripted consoles opened so far, oldest first. */
    public List<ScriptedConsole> consoles() {
        synchronized (consoles) {
            return List.copyOf(consoles);
        }
    }

    /** The console opened last; fails when none was opened. */
    public ScriptedConsole lastConsole() {
        synchronized (consoles) {
            if (consoles.isEmpty()) throw new IllegalStateException("no console of device " + id() + " was opened yet");
            return consoles.get(consoles.size() - 1);
        }
    }

    @Override
    public String id() {
        return device.id();
    }

    @Override
    public String poolId() {
        return device.poolId();
    }

    @Override
    public Map<String, String> features() {
        return device.features();
    }

    @Override
    public <T> Optional<T> capability(Class<T> capability) {
        return device.capability(capability);
    }

    /** Closes open capabilities (the console); the device can be used again. */
    @Override
    public void close() {
        device.close();
    }

    /** The description of a {@link TestDevice}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Setup {
        private final String id;
        private String poolId = "test-pool";
        private Map<String, String> features = Map.of();
        private final List<ScriptedConsole.Script> scripts = new ArrayList<>();
        private Supplier<? extends Console> consoleSupplier;
        private RecordingPower power;
        private FakeShell shell;
        private FakeFlasher flasher;
        private FakeBuilder builder;
        private String banner;
        private String readyPattern;
        private String handshake;
        private String answer;
        private Duration bootTimeout = DEFAULT_BOOT_TIMEOUT;
        private Duration testTimeout;
        private List<String> deathStrings;
        private Map<String, Object> json = Map.of();
        private Path workDir;
        private double timeoutMultiplier = 1.0;
        private PoolSpec poolSpec;

        private Setup(String id) {
            this.id = id;
        }

        /** The pool's id and features (IDT {@code features}, e.g. {@code PKCS11=ECC}). */
        public Setup pool(String id, Map<String, String> poolFeatures) {
            this.poolId = id;
            this.features = Map.copyOf(poolFeatures);
            return this;
        }

        /**
         * The console: the n-th opening plays the n-th script, later openings the last one.
         */
        public Setup console(ScriptedConsole.Script first, ScriptedConsole.Script... later) {
            scripts.clear();
            scripts.add(first);
            scripts.addAll(List.of(later));
            consoleSupplier = null;
            return this;
        }

        /** A console of your own, made anew on every opening. */
        public Setup console(Supplier<? extends Console> consoles) {
            scripts.clear();
            consoleSupplier = consoles;
            return this;
        }

        public Setup power(RecordingPower p) {
            this.power = p;
            return this;
        }

        public Setup shell(FakeShell s) {
            this.shell = s;
            return this;
        }

        public Setup flasher(FakeFlasher f) {
            this.flasher = f;
            return this;
        }

        public Setup builder(FakeBuilder b) {
            this.builder = b;
            return this;
        }

        /** {@code boot.banner}: a regex printed on every boot; seen again during tests means a reboot. */
        public Setup banner(String regex) {
            this.banner = regex;
            return this;
        }

        /** {@code boot.ready}: a regex the device prints when it waits for the handshake. */
        public Setup readyPattern(String regex) {
            this.readyPattern = regex;
            return this;
        }

        /**
         * {@code boot.handshake} and {@code boot.answer}: the line sent once ready, and the regex the device answers
         * with (null to not wait for an answer).
         */
        public Setup handshake(String line, String answerRegex) {
            this.handshake = line;
            this.answer = answerRegex;
            return this;
        }

        /** {@code boot.timeout}, before scaling; default {@link TestDevice#DEFAULT_BOOT_TIMEOUT}. */
        public Setup bootTimeout(Duration d) {
            this.bootTimeout = d;
            return this;
        }

        /** {@code boot.testTimeout}, before scaling; default {@link BootSpec#DEFAULT_TEST_TIMEOUT}. */
        public Setup testTimeout(Duration d) {
            this.testTimeout = d;
            return this;
        }

        /** {@code boot.deathStrings}; default {@link BootSpec#DEFAULT_DEATH_STRINGS}. */
        public Setup deathStrings(List<String> strings) {
            this.deathStrings = List.copyOf(strings);
            return this;
        }

        /** The device's config section as plain maps, for {@code {{device...}}} placeholders. */
        public Setup json(Map<String, Object> deviceJson) {
            this.json = new LinkedHashMap<>(deviceJson);
            return this;
        }

        /** Where the device's drivers may write; default: a new temporary directory. */
        public Setup workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** The factor the drivers' {@link DriverContext#scaled} applies. */
        public Setup timeoutMultiplier(double m) {
            this.timeoutMultiplier = m;
            return this;
        }

        public TestDevice build() {
            Map<String, ResourceSpec> resources = new LinkedHashMap<>();
            List<DriverFactory<?>> factories = new ArrayList<>();
            List<ScriptedConsole> opened = new ArrayList<>();
            if (!scripts.isEmpty()) {
                List<ScriptedConsole.Script> s = List.copyOf(scripts);
                int[] next = {0};
                factories.add(new FakeDriverFactory<>(Console.class, () -> {
                    ScriptedConsole c;
                    synchronized (opened) {
                        c = s.get(Math.min(next[0]++, s.size() - 1)).open();
                        opened.add(c);
                    }
                    return c;
                }));
            } else if (consoleSupplier != null) {
                factories.add(new FakeDriverFactory<>(Console.class, consoleSupplier));
            }
            if (!factories.isEmpty()) resources.put("console", fake("console"));
            add(resources, factories, "power", PowerControl.class, power);
            add(resources, factories, "shell", Shell.class, shell);
            add(resources, factories, "flash", Flasher.class, flasher);
            add(resources, factories, "build", Builder.class, builder);
            BootSpec boot = new BootSpec(banner, readyPattern, handshake, answer, bootTimeout, testTimeout, deathStrings);
            Map<String, Object> deviceJson = new LinkedHashMap<>(json);
            deviceJson.putIfAbsent("id", id);
            DeviceSpec spec = new DeviceSpec(id, resources, boot, deviceJson, "/pools/0/devices/0");
            poolSpec = new PoolSpec(poolId, null, features, List.of(spec));
            Path work;
            try {
                work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("qualify-device-" + id + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> placeholders = new HashMap<>();
            placeholders.put("pool", Map.of("id", poolId));
            placeholders.put("run", Map.of("dir", work.toString()));
            Map<String, Object> contextJson = new LinkedHashMap<>(deviceJson);
            contextJson.put("workDir", work.toString());
            ProcessRegistry processes = new ProcessRegistry();
            DriverContext ctx = new DriverContext(id, contextJson, placeholders, JsonPathPlaceholders.SYNTAX, work,
                    timeoutMultiplier, processes, new RoutingTranscript());
            ConfiguredDevice device = new ConfiguredDevice(spec, poolSpec, new DriverRegistry(factories), ctx);
            return new TestDevice(device, this, opened, processes);
        }

        private static <T> void add(Map<String, ResourceSpec> resources, List<DriverFactory<?>> factories, String section,
                                    Class<T> capability, T fake) {
            if (fake == null) return;
            resources.put(section, fake(section));
            factories.add(new FakeDriverFactory<>(capability, () -> fake));
        }

        private static ResourceSpec fake(String section) {
            return new ResourceSpec(FakeDriverFactory.TYPE, Map.of(), "/pools/0/devices/0/" + section);
        }
    }
}
