package dev.qualify.api.driver;

import org.apiguardian.api.API;

/**
 * Settings of a resource section are wrong. {@link #key()} is the dotted path inside the section (e.g.
 * {@code port} or {@code auth.user}); the config loader turns it into file, line and column.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public class SettingsException extends RuntimeException {
    private final String key;
    private final String suggestion;

    public SettingsException(String key, String message, String suggestion) {
        super(message);
        this.key = key;
        this.suggestion = suggestion;
    }

    public String key() {
        return key;
    }

    /** A fix to propose, or null. */
    public String suggestion() {
        return suggestion;
    }
}
