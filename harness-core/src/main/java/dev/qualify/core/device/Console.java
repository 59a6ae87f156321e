package dev.qualify.core.device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device's text console: a UART, a TCP serial server, a child process's stdio or an SSH shell channel.
 *
 * <p>Matching works on text decoded as UTF-8 (invalid bytes become U+FFFD) with ANSI/VT100 escape sequences
 * removed; the raw bytes go to the transcript unchanged. Each successful match consumes the text up to its
 * end, so consecutive calls see consecutive output. Every wait has a deadline: when it passes, the call throws
 * {@link ConsoleTimeoutException} naming the console, what was last seen and how long it waited. When a death
 * string appears in the output, any waiting call throws {@link DeviceCrashedException} at once.
 *
 * <p>Implementations are safe for one reader and one writer thread at a time.
 */
public interface Console extends AutoCloseable {

    /** A description for messages, e.g. {@code tcp-serial 127.0.0.1:47101}; never null. */
    String name();

    /** Writes bytes to the device. @throws dev.qualify.core.engine.InfrastructureException if the port is gone */
    void write(byte[] bytes);

    /** Writes {@code line} followed by CR LF. */
    default void sendLine(String line) {
        write((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits for {@code pattern} in the unconsumed output and consumes through the match. */
    default ConsoleMatch expect(Pattern pattern, Duration timeout) {
        return expectAny(List.of(pattern), timeout);
    }

    /**
     * Waits for the earliest match of any of {@code patterns}; {@link ConsoleMatch#index()} says which.
     *
     * <p>Output is matched as it arrives, so a pattern that ends in an open quantifier ({@code booted on (\\S+)})
     * matches as soon as the first character of that part has arrived. End such patterns with what follows them,
     * e.g. {@code \\n}.
     */
    ConsoleMatch expectAny(List<Pattern> patterns, Duration timeout);

    /**
     * Returns the next complete line (without its line terminator) and consumes it, waiting up to
     * {@code timeout}.
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

    /** Replaces the death strings: substrings whose appearance fails any wait at once. */
    void setDeathStrings(List<String> deathStrings);

    /** Directs the raw transcript to {@code sink} from now on (the engine switches it per test). */
    void setTranscript(Transcript sink);

    /** The last output seen (stripped text, at most a few hundred characters), for error messages. */
    String lastSeen();

    /** Closes the connection; idempotent. */
    @Override
    void close();
}
