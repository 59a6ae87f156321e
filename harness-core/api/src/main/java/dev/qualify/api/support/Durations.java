package dev.qualify.api.support;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config: {@code 1500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or seconds. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> v * 3_600_000;
        };
        return Optional.of(Duration.ofMillis(Math.round(ms)));
    }

    /** {@code d} multiplied by {@code factor} (the {@code --timeout-multiplier}), to the millisecond. */
    public static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }
}
