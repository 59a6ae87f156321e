package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The receiving half of a {@link Console}: waits for and consumes what the device printed.
 *
 * <p>Matching works on text decoded as UTF-8 (invalid bytes become U+FFFD) with ANSI/VT100 escape sequences
 * removed. Each successful match consumes the text up to its end, so consecutive calls see consecutive output.
 * Every wait has a deadline: when it passes, the call throws {@link ConsoleTimeoutException} naming the console,
 * what was last seen and how long it waited. When the engine has set death strings and one appears, any waiting
 * call throws {@link DeviceCrashedException} at once.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface ConsoleReader {

    /**
     * Waits for the earliest match of any of {@code patterns}; {@link ConsoleMatch#index()} says which.
     *
     * <p>Output is matched as it arrives, so a pattern that ends in an open quantifier ({@code booted on (\\S+)})
     * matches as soon as the first character of that part has arrived. End such patterns with what follows them,
     * e.g. {@code \\n}.
     */
    ConsoleMatch expectAny(List<Pattern> patterns, Duration timeout);

    /** Waits for {@code pattern} in the unconsumed output and consumes through the match. */
    default ConsoleMatch expect(Pattern pattern, Duration timeout) {
        return expectAny(List.of(pattern), timeout);
    }

    /**
     * Returns the next complete line (without its line terminator) and consumes it, waiting up to {@code timeout}.
     *
     * @return the line, or empty when the deadline passed with no complete line
     */
    Optional<String> readLine(Duration timeout);

    /**
     * Waits until the device has printed nothing for {@code quiet}, as before poking a login prompt.
     *
     * @throws ConsoleTimeoutException if output never paused for that long within {@code timeout}
     */
    void awaitSilence(Duration quiet, Duration timeout);

    /** The last output seen (stripped text, at most a few hundred characters), for error messages; never null. */
    String lastSeen();
}
