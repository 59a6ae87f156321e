package dev.qualify.core.device;

import dev.qualify.api.device.Builder;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Shell;
import dev.qualify.api.driver.DriverFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link DriverFactory}s on the class path, and which config section name means which capability.
 */
public final class DriverRegistry {
    /** Config section name to capability interface. */
    public static final Map<String, Class<?>> SECTIONS = Map.of(
            "console", Console.class,
            "power", PowerControl.class,
            "build", Builder.class,
            "flash", Flasher.class,
            "shell", Shell.class);

    /** The {@code type} assumed for build and flash sections that name none. */
    public static final String DEFAULT_COMMAND_TYPE = "command";

    private final List<DriverFactory<?>> factories;

    public DriverRegistry(List<DriverFactory<?>> factories) {
        this.factories = List.copyOf(factories);
    }

    /** All factories found with {@link ServiceLoader} by this class's loader. */
    @SuppressWarnings("rawtypes")
    public static DriverRegistry load() {
        List<DriverFactory<?>> found = new ArrayList<>();
        for (DriverFactory f : ServiceLoader.load(DriverFactory.class, DriverRegistry.class.getClassLoader())) {
            found.add(f);
        }
        return new DriverRegistry(found);
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<DriverFactory<T>> find(Class<T> capability, String type) {
        return factories.stream()
                .filter(f -> f.capability() == capability && f.type().equals(type))
                .map(f -> (DriverFactory<T>) f)
                .findFirst();
    }

    /** The types available for a capability, sorted. */
    public List<String> types(Class<?> capability) {
        TreeSet<String> t = new TreeSet<>();
        for (DriverFactory<?> f : factories) if (f.capability() == capability) t.add(f.type());
        return List.copyOf(t);
    }
}
