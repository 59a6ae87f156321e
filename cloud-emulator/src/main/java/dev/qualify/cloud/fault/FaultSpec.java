package dev.qualify.cloud.fault;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault as {@code qualify cloud fault CLIENT_ID ...} names it, parsed from its words and applied to a
 * {@link ClientFaults} script: {@code withhold-connack [N]}, {@code drop-after-connack [N]},
 * {@code withhold-puback [N]}, {@code withhold-suback [N]}, {@code withhold-pingresp [N]},
 * {@code refuse-connect CODE [N]} (N occurrences, default 1, or {@code always}), {@code latency 200ms}
 * ({@code 0} turns it off), {@code loss 5%} ({@code 0%} turns it off), {@code clear}.
 *
 * @param name   the fault's name
 * @param count  occurrences ({@link Integer#MAX_VALUE} for always) of a counted fault, else 0
 * @param code   the CONNACK code of {@code refuse-connect}, else 0
 * @param millis the latency of {@code latency}, else 0
 * @param rate   the loss rate (0 to 1) of {@code loss}, else 0
 */
public record FaultSpec(String name, int count, int code, long millis, double rate) {
    /** The names, in the order usage lists them. */
    public static final List<String> NAMES = List.of("withhold-connack", "drop-after-connack", "withhold-puback", "withhold-suback",
            "withhold-pingresp", "refuse-connect", "latency", "loss", "clear");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

    /**
     * Parses the words after the client id.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static FaultSpec parse(List<String> words) {
        if (words.isEmpty()) throw new IllegalArgumentException("no fault given; one of " + NAMES);
        String name = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (name) {
            case "withhold-connack", "drop-after-connack", "withhold-puback", "withhold-suback", "withhold-pingresp" -> {
                atMost(name, args, 1, "[N|always]");
                yield new FaultSpec(name, args.isEmpty() ? 1 : count(name, args.get(0)), 0, 0, 0);
            }
            case "refuse-connect" -> {
                if (args.isEmpty()) throw new IllegalArgumentException("refuse-connect needs a CONNACK code, e.g. refuse-connect 5");
                atMost(name, args, 2, "CODE [N|always]");
                int code = integer(name, "CODE", args.get(0));
                if (code < 1 || code > 255) throw new IllegalArgumentException("refuse-connect: CODE must be 1-255, not " + code);
                yield new FaultSpec(name, args.size() > 1 ? count(name, args.get(1)) : 1, code, 0, 0);
            }
            case "latency" -> {
                exactly(name, args, "a duration such as 200ms or 2s");
                Matcher m = DURATION.matcher(args.get(0).trim().toLowerCase(Locale.ROOT));
                if (!m.matches()) throw new IllegalArgumentException("latency: '" + args.get(0) + "' is not a duration such as 200ms or 2s");
                long v = Long.parseLong(m.group(1));
                yield new FaultSpec(name, 0, 0, "s".equals(m.group(2)) ? v * 1000 : v, 0);
            }
            case "loss" -> {
                exactly(name, args, "a percentage such as 5%");
                Matcher m = PERCENT.matcher(args.get(0).trim());
                if (!m.matches()) throw new IllegalArgumentException("loss: '" + args.get(0) + "' is not a percentage such as 5%");
                double pct = Double.parseDouble(m.group(1));
                if (pct > 100) throw new IllegalArgumentException("loss: " + args.get(0) + " is more than 100%");
                yield new FaultSpec(name, 0, 0, 0, pct / 100);
            }
            case "clear" -> {
                atMost(name, args, 0, "");
                yield new FaultSpec(name, 0, 0, 0, 0);
            }
            default -> throw new IllegalArgumentException("unknown fault '" + words.get(0) + "'; one of " + NAMES);
        };
    }

    /** Arms this fault in a script (or disarms everything, for {@code clear}). */
    public void applyTo(ClientFaults f) {
        switch (name) {
            case "withhold-connack" -> f.withholdConnack(count);
            case "drop-after-connack" -> f.disconnectAfterConnack(count);
            case "withhold-puback" -> f.withholdPuback(count);
            case "withhold-suback" -> f.withholdSuback(count);
            case "withhold-pingresp" -> f.withholdPingresp(count);
            case "refuse-connect" -> f.refuseConnect(code, count);
            case "latency" -> f.latency(Duration.ofMillis(millis));
            case "loss" -> f.loss(rate);
            case "clear" -> f.clear();
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'; one of " + NAMES);
        }
    }

    private static int count(String name, String word) {
        if (word.equalsIgnoreCase("always")) return Integer.MAX_VALUE;
        int n = integer(name, "N", word);
        if (n < 1) throw new IllegalArgumentException(name + ": N must be 1 or more (or always), not " + n);
        return n;
    }

    private static int integer(String name, String what, String word) {
        try {
            return Integer.parseInt(word.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + what + " must be a number, not '" + word + "'");
        }
    }

    private static void atMost(String name, List<String> args, int n, String usage) {
        if (args.size() > n) throw new IllegalArgumentException(name + " takes " + (n == 0 ? "no arguments" : usage) + ", not " + args);
    }

    private static void exactly(String name, List<String> args, String what) {
        if (args.size() != 1) throw new IllegalArgumentException(name + " takes one argument: " + what);
    }
}
