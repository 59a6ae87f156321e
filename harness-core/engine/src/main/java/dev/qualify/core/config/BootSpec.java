package dev.qualify.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How a device shows it booted and is ready.
 *
 * @param banner        a regular expression the device prints on every boot; seeing it twice during tests means
 *                      it rebooted; null when unknown
 * @param readyPattern  a regular expression that says the device waits for us; null to skip
 * @param handshake     a line to send once ready (e.g. {@code start}); null to send nothing
 * @param answer        a regular expression the device prints in answer to the handshake; null to not wait for one
 * @param timeout       how long boot may take, before scaling
 * @param testTimeout   how long a group's tests may take once started, before scaling
 * @param deathStrings  output that means the device crashed
 * @param imageIdentity a regular expression matching the line where the device names the image it runs; its first
 *                      group (or the whole match) is compared with the image flashed; null to not check
 */
public record BootSpec(String banner, String readyPattern, String handshake, String answer, Duration timeout, Duration testTimeout,
                       List<String> deathStrings, String imageIdentity) {
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(10);
    /** The death strings used when the config names none. */
    public static final List<String> DEFAULT_DEATH_STRINGS = dev.qualify.api.unity.UnityParserOptions.DEFAULT_DEATH_STRINGS;

    public BootSpec {
        if (timeout == null) timeout = DEFAULT_BOOT_TIMEOUT;
        if (testTimeout == null) testTimeout = DEFAULT_TEST_TIMEOUT;
        deathStrings = deathStrings == null ? DEFAULT_DEATH_STRINGS : List.copyOf(deathStrings);
    }

    /** A boot without an image identity check. */
    public BootSpec(String banner, String readyPattern, String handshake, String answer, Duration timeout, Duration testTimeout,
                    List<String> deathStrings) {
        this(banner, readyPattern, handshake, answer, timeout, testTimeout, deathStrings, null);
    }
}
