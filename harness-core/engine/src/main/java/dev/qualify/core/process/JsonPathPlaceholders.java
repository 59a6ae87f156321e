package dev.qualify.core.process;

import com.jayway.jsonpath.Configuration;
import dev.qualify.api.driver.PlaceholderSyntax;
import dev.qualify.api.driver.Placeholders;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.InvalidPathException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands IDT-style {@code {{...}}} placeholders. The text between the braces is a JSONPath into the context
 * (without the leading {@code $.}), e.g. {@code {{testData.sourcePath}}} or
 * {@code {{device.identifiers[?(@.name == 'serialNo')].value[0]}}}.
 *
 * <p>Each argument of a command template expands into exactly one argument: values are substituted as text,
 * never split on spaces and never seen by a shell.
 */
public final class JsonPathPlaceholders implements Placeholders {
    /** The syntax drivers are given through their {@link dev.qualify.api.driver.DriverContext}. */
    public static final PlaceholderSyntax SYNTAX = JsonPathPlaceholders::new;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");
    private static final Pattern TRAILING_INDEX = Pattern.compile("^(.*)\\[(\\d+)]$");
    private static final Configuration JSON_PATH = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS);

    /** The top-level names a placeholder may start with. */
    public static final Set<String> ROOTS = Set.of("testData", "device", "config", "buildImageName", "buildImagePath",
            "run", "qualify", "pool", "userData", "group");

    private final Map<String, Object> context;
    private final java.util.Set<String> secretValues = new java.util.LinkedHashSet<>();

    /** @param context plain maps, lists and scalars, as Jackson would produce from JSON */
    public JsonPathPlaceholders(Map<String, Object> context) {
        this.context = context;
    }

    /**
     * @throws IllegalArgumentException naming the placeholder when it does not resolve to exactly one value
     */
    @Override
    public String expand(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(resolve(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Checks placeholder syntax and roots without a context, for config validation.
     *
     * @return problems, one sentence each; empty when fine
     */
    public static List<String> check(String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String expr = m.group(1);
            String root = expr.split("[.\\[]", 2)[0];
            if (!ROOTS.contains(root)) {
                problems.add("unknown placeholder {{" + expr + "}}: it must start with one of " + new java.util.TreeSet<>(ROOTS));
                continue;
            }
            try {
                JsonPath.compile("$." + expr);
            } catch (InvalidPathException e) {
                problems.add("placeholder {{" + expr + "}} is not a valid JSONPath: " + e.getMessage());
            }
        }
        if (text.contains("{{") && !PLACEHOLDER.matcher(text).find()) {
            problems.add("unclosed placeholder in '" + text + "'");
        }
        return problems;
    }

    /**
     * The values substituted so far for placeholders whose last key is secret (a password, a PIN, a token), so
     * callers can mask them wherever the expanded command is shown.
     */
    @Override
    public java.util.Set<String> secretValues() {
        return java.util.Collections.unmodifiableSet(secretValues);
    }

    private String resolve(String expr) {
        String resolved = resolveValue(expr);
        String[] segments = expr.replaceAll("\\[.*?]", "").split("\\.");
        if (dev.qualify.api.support.Secrets.isSecretKey(segments[segments.length - 1]) && !resolved.isEmpty()) {
            secretValues.add(resolved);
        }
        return resolved;
    }

    private String resolveValue(String expr) {
        Object value = read(expr);
        if (value == null || value instanceof List<?> empty && empty.isEmpty()) {
            value = null;
            Matcher idx = TRAILING_INDEX.matcher(expr);
            if (idx.matches()) {
                // IDT writes filter expressions like identifiers[?(...)].value[0]: index the filter's result list
                Object list = read(idx.group(1));
                if (list instanceof List<?> l && Integer.parseInt(idx.group(2)) < l.size()) {
                    value = l.get(Integer.parseInt(idx.group(2)));
                }
            }
        }
        if (value instanceof List<?> l) {
            if (l.size() == 1) value = l.get(0);
            else throw new IllegalArgumentException("placeholder {{" + expr + "}} matches " + l.size()
                    + " values; it must match exactly one");
        }
        if (value == null) {
            throw new IllegalArgumentException("placeholder {{" + expr + "}} has no value; known top-level names: "
                    + new java.util.TreeSet<>(context.keySet()));
        }
        if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException("placeholder {{" + expr + "}} is an object, not a value");
        }
        return String.valueOf(value);
    }

    private Object read(String expr) {
        try {
            return JsonPath.using(JSON_PATH).parse(context).read("$." + expr);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
