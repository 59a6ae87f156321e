package dev.qualify.bench.cloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a run.sh results file: for each case (scenario, QoS, mode) and broker label, the median over the
 * repetitions of messages per second, p50 and p99 (each its own median), then of the broker's CPU time and context
 * switches per delivered message; as Markdown. Usage: Summary RESULTS_FILE
 */
public final class Summary {
    private record Row(double msgs, double p50, double p99, double cpu, double csw) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, List<Row>>> cases = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("RESULT ") || !line.contains(" msgs_per_s=")) continue;
            Map<String, String> f = new HashMap<>();
            for (String kv : line.substring(7).split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) f.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            String label = f.get("label");
            if (!labels.contains(label)) labels.add(label);
            String key = f.get("scenario") + " | " + f.get("qos") + " | " + f.get("mode");
            cases.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(label, k -> new ArrayList<>())
                    .add(new Row(Double.parseDouble(f.get("msgs_per_s")), Double.parseDouble(f.get("p50_us")),
                            Double.parseDouble(f.get("p99_us")), Double.parseDouble(f.getOrDefault("broker_cpu_us_per_msg", "NaN")),
                            Double.parseDouble(f.getOrDefault("broker_csw_per_msg", "NaN"))));
        }
        table(cases, labels, " msg/s | ", " p50 / p99 |", rs -> String.format(" %,.0f | %s / %s |", median(rs, Row::msgs),
                time(median(rs, Row::p50)), time(median(rs, Row::p99))));
        System.out.println();
        table(cases, labels, " CPU us/msg | ", " switches/msg |", rs -> String.format(" %.1f | %.2f |", median(rs, Row::cpu),
                median(rs, Row::csw)));
        int n = cases.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).max().orElse(0);
        System.out.println();
        System.out.println("Medians of up to " + n + " repetitions per cell.");
    }

    /** One Markdown table: a row per case, two columns per broker label, filled by {@code cells}. */
    private static void table(Map<String, Map<String, List<Row>>> cases, List<String> labels, String first, String second,
                              java.util.function.Function<List<Row>, String> cells) {
        StringBuilder head = new StringBuilder("| Scenario | QoS | Mode |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String l : labels) {
            head.append(' ').append(l).append(first).append(l).append(second);
            rule.append("---|---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Map.Entry<String, Map<String, List<Row>>> c : cases.entrySet()) {
            StringBuilder row = new StringBuilder("| ").append(c.getKey()).append(" |");
            for (String l : labels) {
                List<Row> rs = c.getValue().getOrDefault(l, List.of());
                row.append(rs.isEmpty() ? " - | - |" : cells.apply(rs));
            }
            System.out.println(row);
        }
    }

    private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String time(double micros) {
        if (micros >= 1_000_000) return String.format("%.2f s", micros / 1e6);
        if (micros >= 1000) return String.format("%.1f ms", micros / 1000);
        return String.format("%.0f us", micros);
    }
}
