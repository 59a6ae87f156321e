package dev.qualify.suites.freertos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites {@code #define NAME value} lines of a FreeRTOS test config header ({@code test_execution_config.h},
 * {@code test_param_config.h}) the way IDT does, and nothing else: other lines, comments and include guards stay.
 * A macro that is not defined yet is added before the closing {@code #endif} of the include guard (or at the end).
 * Every change is marked with a comment so a person reading the per-run copy sees what Qualify set.
 */
public final class ConfigHeader {
    private static final Pattern DEFINE = Pattern.compile("^(\\s*#\\s*define\\s+)([A-Za-z_][A-Za-z0-9_]*)(\\s+.*)?$");

    private ConfigHeader() {
    }

    /**
     * @param values macro name to its new value, written as given (quote strings yourself: {@code "\"127.0.0.1\""})
     */
    public static void rewrite(Path header, Map<String, String> values) throws IOException {
        List<String> lines = Files.readAllLines(header, StandardCharsets.UTF_8);
        Map<String, String> pending = new LinkedHashMap<>(values);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DEFINE.matcher(lines.get(i));
            if (m.matches() && pending.containsKey(m.group(2))) {
                lines.set(i, m.group(1) + m.group(2) + "    " + pending.remove(m.group(2)) + "    /* set by Qualify */");
            }
        }
        if (!pending.isEmpty()) {
            int at = lines.size();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).trim().startsWith("#endif")) {
                    at = i;
                    break;
                }
                if (!lines.get(i).isBlank()) break;
            }
            int k = 0;
            for (Map.Entry<String, String> e : pending.entrySet()) {
                lines.add(at + k++, "#define " + e.getKey() + "    " + e.getValue() + "    /* added by Qualify */");
            }
        }
        Files.write(header, lines, StandardCharsets.UTF_8);
    }

    /** A C string literal for {@code s}. */
    public static String cString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
