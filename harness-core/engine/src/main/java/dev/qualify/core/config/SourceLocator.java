package dev.qualify.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers where every key and value of a config file is, by JSON pointer ({@code /pools/0/devices/1/console}),
 * so errors found after parsing can still name line and column. For a key, the location is that of the key
 * itself; {@link #valueOf(String)} gives the value's location.
 */
public final class SourceLocator {
    private final Path file;
    private final Map<String, SourceLocation> keys = new HashMap<>();
    private final Map<String, SourceLocation> values = new HashMap<>();

    private SourceLocator(Path file) {
        this.file = file;
    }

    /** Reads {@code content} with {@code factory} (YAML or JSON) and records every location. */
    public static SourceLocator scan(Path file, String content, JsonFactory factory) throws IOException {
        SourceLocator locator = new SourceLocator(file);
        try (JsonParser p = factory.createParser(content)) {
            if (p.nextToken() != null) locator.walk(p, "");
        }
        return locator;
    }

    /** Records the value at the parser's current token and everything inside it. */
    private void walk(JsonParser p, String pointer) throws IOException {
        values.put(pointer, locate(file, p.currentTokenLocation()));
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = pointer + "/" + escape(p.currentName());
                keys.put(child, locate(file, p.currentTokenLocation()));
                p.nextToken();
                walk(p, child);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = pointer + "/" + i++;
                keys.put(child, locate(file, p.currentTokenLocation()));
                walk(p, child);
            }
        }
    }

    /** An empty locator for a config built in memory. */
    public static SourceLocator none(Path file) {
        return new SourceLocator(file);
    }

    public Path file() {
        return file;
    }

    /** The location of the key at {@code pointer}, else of its value, else of the nearest enclosing key. */
    public SourceLocation keyOf(String pointer) {
        String p = pointer;
        while (true) {
            SourceLocation l = keys.get(p);
            if (l == null) l = values.get(p);
            if (l != null) return l;
            if (p.isEmpty()) return new SourceLocation(file, 1, 1);
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** The location of the value at {@code pointer}, else as {@link #keyOf}. */
    public SourceLocation valueOf(String pointer) {
        SourceLocation l = values.get(pointer);
        return l != null ? l : keyOf(pointer);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static SourceLocation locate(Path file, JsonLocation loc) {
        return new SourceLocation(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }
}
