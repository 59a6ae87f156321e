package dev.qualify.core.device;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;

import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.api.device.Transcript;
import dev.qualify.core.engine.RoutingTranscript;
import dev.qualify.api.device.InfrastructureException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Device} built from its config section: capabilities are built lazily by the drivers its resource
 * sections name, and kept until {@link #release(Class)} or {@link #close()}. A console gets the device's
 * transcript as it is opened (a {@link RoutingTranscript}'s console view).
 *
 * <p>A device is leased to one group at a time by the scheduler, so it is used by one thread at a time.
 */
public final class ConfiguredDevice implements Device, AutoCloseable {
    private final DeviceSpec spec;
    private final PoolSpec pool;
    private final DriverRegistry drivers;
    private final DriverContext context;
    private final Map<Class<?>, Object> open = new LinkedHashMap<>();
    private final ImageIdentityWatch identity;

    public ConfiguredDevice(DeviceSpec spec, PoolSpec pool, DriverRegistry drivers, DriverContext context) {
        this.spec = spec;
        this.pool = pool;
        this.drivers = drivers;
        this.context = context;
        String pattern = spec.boot().imageIdentity();
        this.identity = pattern == null ? null : new ImageIdentityWatch(spec.id(), java.util.regex.Pattern.compile(pattern));
    }

    /** What watches the console for the board's image identity; empty when {@code boot.imageIdentity} is not set. */
    public Optional<ImageIdentityWatch> identityWatch() {
        return Optional.ofNullable(identity);
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String poolId() {
        return pool.id();
    }

    @Override
    public Map<String, String> features() {
        return pool.features();
    }

    public DeviceSpec spec() {
        return spec;
    }

    public DriverContext context() {
        return context;
    }

    /** Whether the config gives this device {@code capability}. */
    public boolean has(Class<?> capability) {
        return section(capability).isPresent();
    }

    /** The capability, built on first use; empty when the config gives the device none. */
    @Override
    public synchronized <T> Optional<T> capability(Class<T> capability) {
        Object existing = open.get(capability);
        if (existing != null) return Optional.of(capability.cast(existing));
        Optional<ResourceSpec> section = section(capability);
        if (section.isEmpty()) return Optional.empty();
        ResourceSpec r = section.get();
        DriverFactory<T> factory = drivers.find(capability, r.type()).orElseThrow(() -> new InfrastructureException(
                "driver-missing", "no " + capability.getSimpleName() + " driver of type '" + r.type() + "' on the class path"));
        T driver = factory.create(r.settings(), context);
        if (driver instanceof ConsoleMonitoring c) {
            // raw console bytes go to the group's log only; what a test reads goes to its own log
            Transcript raw = context.transcript() instanceof RoutingTranscript router ? router.console() : context.transcript();
            c.setTranscript(identity == null ? raw : identity.tap(raw, c));
        }
        open.put(capability, driver);
        return Optional.of(driver);
    }

    /**
     * The capability, or an infrastructure error naming the missing config section.
     */
    @Override
    public <T> T require(Class<T> capability) {
        return capability(capability).orElseThrow(() -> new InfrastructureException("capability-missing",
                "device " + id() + " has no " + sectionName(capability) + " section in the config, but the test needs its "
                        + capability.getSimpleName()));
    }

    /** Closes the capability if it is open (e.g. the console before a power cycle); the next use rebuilds it. */
    public synchronized void release(Class<?> capability) {
        Object o = open.remove(capability);
        closeQuietly(o);
    }

    /** Closes every open capability, consoles first; idempotent. */
    @Override
    public synchronized void close() {
        Object console = open.remove(Console.class);
        closeQuietly(console);
        for (Object o : open.values()) closeQuietly(o);
        open.clear();
    }

    private Optional<ResourceSpec> section(Class<?> capability) {
        return Optional.ofNullable(spec.resources().get(sectionName(capability)));
    }

    private static String sectionName(Class<?> capability) {
        return DriverRegistry.SECTIONS.entrySet().stream().filter(e -> e.getValue() == capability)
                .map(Map.Entry::getKey).findFirst().orElse(capability.getSimpleName());
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a driver that cannot close cleanly must not hide the test's result
            }
        }
    }
}
