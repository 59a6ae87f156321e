package dev.qualify.core.config;

/**
 * A configuration error, located: file, line, column and key, with a suggested fix. The run exits with 2.
 */
public class ConfigException extends RuntimeException {
    private final SourceLocation location;
    private final String key;
    private final String problem;
    private final String suggestion;

    /**
     * @param location   where; line and column 0 when the file itself is the problem
     * @param key        the dotted key path a person recognises, e.g. {@code pools[0].devices[1].console.port}
     * @param problem    what is wrong
     * @param suggestion how to fix it, or null
     */
    public ConfigException(SourceLocation location, String key, String problem, String suggestion) {
        super(format(location, key, problem, suggestion));
        this.location = location;
        this.key = key;
        this.problem = problem;
        this.suggestion = suggestion;
    }

    public SourceLocation location() {
        return location;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    public String suggestion() {
        return suggestion;
    }

    private static String format(SourceLocation l, String key, String problem, String suggestion) {
        String where = l.line() > 0 ? l.file() + ":" + l.line() + ":" + l.column() : l.file().toString();
        return where + ": " + key + ": " + problem + (suggestion == null ? "" : "\n  hint: " + suggestion);
    }
}
