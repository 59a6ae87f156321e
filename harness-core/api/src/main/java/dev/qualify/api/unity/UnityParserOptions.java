package dev.qualify.api.unity;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * How a {@link UnityParser} recognises a dying or rebooting board, and how many Unity suites make one run.
 *
 * <p>{@code deathStrings} are matched as case-sensitive substrings of each console line after ANSI escapes are
 * removed, except on lines that are themselves Unity result, summary or marker lines (so a failure message that
 * mentions an assert is a test failure, not a crash). Blank entries are not allowed.
 *
 * <p>{@code bootBanner} (may be {@code null}: no reboot detection) is searched with {@link java.util.regex.Matcher#find()}
 * in each cleaned line. The first boot is expected before the tests; a banner seen after the start marker and before
 * the end marker, or (without markers) a second banner after test results, means the board rebooted during the tests.
 *
 * <p>{@code expectedSuites} (at least 1, default 1) is how many Unity suites the image runs in one boot: one suite is
 * one {@code UNITY_BEGIN()}/{@code UNITY_END()} pair, i.e. one FLIT {@code Run*Test()} function, and ends with its own
 * {@code N Tests N Failures N Ignored} summary and {@code OK}/{@code FAIL}. The parser reports
 * {@link UnityParser#finished()} once that many suites are over (see {@link UnityParser} for the exact rule).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnityParserOptions(List<String> deathStrings, Pattern bootBanner, int expectedSuites) {

    /**
     * The default death strings: ARM Cortex-M fault handlers ({@code HardFault}, {@code Hard fault}), the ESP32
     * panic handler ({@code Guru Meditation Error}), failed asserts as FreeRTOS ports and newlib print them
     * ({@code assert failed}, {@code Assertion failed}) and the FreeRTOS stack-overflow hook ({@code Stack overflow}).
     * A bare {@code ASSERT} is deliberately not a default: it matches too many ordinary log lines.
     */
    public static final List<String> DEFAULT_DEATH_STRINGS = List.of(
            "HardFault", "Hard fault", "Guru Meditation Error", "assert failed", "Assertion failed", "Stack overflow");

    public UnityParserOptions {
        deathStrings = List.copyOf(Objects.requireNonNull(deathStrings, "deathStrings"));
        for (String s : deathStrings) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("a death string must not be blank");
            }
        }
        if (expectedSuites < 1) {
            throw new IllegalArgumentException("expectedSuites must be at least 1: " + expectedSuites);
        }
    }

    /** These death strings and banner, one expected suite. */
    public UnityParserOptions(List<String> deathStrings, Pattern bootBanner) {
        this(deathStrings, bootBanner, 1);
    }

    /** {@link #DEFAULT_DEATH_STRINGS}, no boot banner, one expected suite. */
    public static UnityParserOptions defaults() {
        return new UnityParserOptions(DEFAULT_DEATH_STRINGS, null, 1);
    }

    /** A copy with this boot banner (may be {@code null}). */
    public UnityParserOptions withBootBanner(Pattern banner) {
        return new UnityParserOptions(deathStrings, banner, expectedSuites);
    }

    /** A copy with these death strings. */
    public UnityParserOptions withDeathStrings(List<String> strings) {
        return new UnityParserOptions(strings, bootBanner, expectedSuites);
    }

    /** A copy that expects this many Unity suites ({@code Run*Test()} calls) in one run; at least 1. */
    public UnityParserOptions withExpectedSuites(int suites) {
        return new UnityParserOptions(deathStrings, bootBanner, suites);
    }
}
