package dev.qualify.report;

import java.time.Duration;

/** Formats durations for people: {@code 850ms}, {@code 12.3s}, {@code 5m03s}, {@code 1h02m03s}. */
public final class HumanDuration {

    private HumanDuration() {
    }

    /**
     * @param duration any duration; null and negative durations are shown as {@code 0ms}
     * @return the duration in the largest fitting unit, milliseconds below one second, tenths of a second below
     *         one minute, whole seconds above
     */
    public static String format(Duration duration) {
        if (duration == null || duration.isNegative()) {
            return "0ms";
        }
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return (millis / 1_000) + "." + (millis % 1_000) / 100 + "s";
        }
        long seconds = duration.toSeconds();
        long hours = seconds / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        return hours > 0
                ? String.format("%dh%02dm%02ds", hours, minutes, secs)
                : String.format("%dm%02ds", minutes, secs);
    }
}
