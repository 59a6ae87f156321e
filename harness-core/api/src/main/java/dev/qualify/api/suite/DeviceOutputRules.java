package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.List;

/**
 * How a device's output is judged during a group, from the device's {@code boot} section of the config.
 *
 * @param banner       a regular expression the device prints on every boot (seen again during the tests means it
 *                     rebooted); null when the config gives none
 * @param deathStrings output that means the device crashed; never null
 * @param testTimeout  how long the group's tests may take once started, already scaled by the timeout multiplier
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DeviceOutputRules(String banner, List<String> deathStrings, Duration testTimeout) {
    public DeviceOutputRules {
        deathStrings = List.copyOf(deathStrings);
    }
}
