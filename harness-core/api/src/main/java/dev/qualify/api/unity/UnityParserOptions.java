package dev.qualify.api.unity;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link UnityParser} recognises a dying or rebooting board.
 *
 * <p>{@code deathStrings} are matched as case-sensitive substrings of each console line after ANSI escapes are
 * removed, except on lines that are themselves Unity result, summary or marker lines (so a failure message that
 * mentions an assert is a test failure, not a crash). Blank entries are not allowed.
 *
 * <p>{@code bootBanner} (may be {@code null}: no reboot detection) is searched with {@link java.util.regex.Matcher#find()}
 * in each cleaned line. The first boot is expected before the start marker; a banner seen after the start marker
 * and before the end marker means the board rebooted during the tests.
 */
public record UnityParserOptions(List<String> deathStrings, Pattern bootBanner) {

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
    }

    /** {@link #DEFAULT_DEATH_STRINGS} and no boot banner. */
    public static UnityParserOptions defaults() {
        return new UnityParserOptions(DEFAULT_DEATH_STRINGS, null);
    }

    /** A copy with this boot banner (may be {@code null}). */
    public UnityParserOptions withBootBanner(Pattern banner) {
        return new UnityParserOptions(deathStrings, banner);
    }

    /** A copy with these death strings. */
    public UnityParserOptions withDeathStrings(List<String> strings) {
        return new UnityParserOptions(strings, bootBanner);
    }
}
