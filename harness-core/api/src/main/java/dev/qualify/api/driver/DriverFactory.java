package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.util.Map;

/**
 * Creates one kind of driver from a resource section of the config; found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.qualify.api.driver.DriverFactory}).
 *
 * <p>A resource section names its driver with {@code type}, e.g. {@code console: {type: tcp-serial, host: ...,
 * port: ...}}. The factory whose {@link #capability()} fits the section and whose {@link #type()} equals that name
 * builds it.
 *
 * @param <T> the capability built: {@link Console}, {@link PowerControl}, {@link Shell}, ...
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface DriverFactory<T> {

    /** The capability interface this factory builds. */
    Class<T> capability();

    /** The {@code type} value that selects this factory, e.g. {@code tcp-serial}. */
    String type();

    /**
     * Checks the settings without touching any device, so configuration errors exit with 2 before a run starts.
     *
     * @param settings the section without {@code type}
     * @throws SettingsException naming the offending key
     */
    void validate(Map<String, Object> settings);

    /**
     * Builds the driver. Opening connections may happen here or lazily on first use.
     *
     * @param settings the section without {@code type}, already validated
     * @param context  the device and run the driver belongs to
     */
    T create(Map<String, Object> settings, DriverContext context);
}
