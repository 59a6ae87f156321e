package dev.qualify.suites.freertos.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A FreeRTOS {@code manifest.yml} (the file at a project's source root that names its libraries; AWS's "FreeRTOS
 * manifest file instructions"): {@code name}, {@code version}, {@code description}, {@code license} and
 * {@code dependencies[]} of {@code name}, {@code version} and {@code repository {type, url, path, branch}}.
 *
 * <p>{@link #read} checks the file as a whole (it exists, is YAML, has the required top-level fields within their
 * documented lengths); what a single dependency lacks is left to that dependency's check
 * ({@link Dependency#problem()}), so one bad entry does not hide the others.
 */
public record Manifest(Path file, String name, String version, String description, String license,
                       List<Dependency> dependencies) {
    /** The file's name, at the source root. */
    public static final String FILE_NAME = "manifest.yml";

    public Manifest {
        dependencies = List.copyOf(dependencies);
    }

    /**
     * One entry of {@code dependencies}.
     *
     * @param label   its name, or {@code dependencies[i]} when it has none
     * @param path    {@code repository.path}, relative to the source root (a leading '/' is the root); may be null
     * @param problem what the entry lacks, or null when it is complete
     */
    public record Dependency(int index, String label, String version, String type, String url, String path,
                             String branch, String problem) {
    }

    /** Why a manifest cannot be used: missing, not YAML, or missing a required field. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Reads {@code sourceRoot/manifest.yml}. */
    public static Manifest read(Path sourceRoot) throws Invalid {
        Path file = sourceRoot.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Invalid("no " + FILE_NAME + " at the source root " + sourceRoot + ": IDT and Qualify need one there"
                    + " naming each library and its version (see the FreeRTOS manifest file instructions)");
        } catch (IOException e) {
            throw new Invalid("cannot read " + file + ": " + e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new Invalid(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) throw new Invalid(file + " is not a YAML mapping of name, version, description and dependencies");
        String name = field(file, root, "name", 1, 40);
        String version = field(file, root, "version", 1, 30);
        String description = field(file, root, "description", 30, 255);
        String license = text(root.get("license"));
        JsonNode deps = root.get("dependencies");
        List<Dependency> out = new ArrayList<>();
        if (deps != null && !deps.isNull()) {
            if (!deps.isArray()) throw new Invalid(file + ": 'dependencies' must be a list of {name, version, repository}");
            for (int i = 0; i < deps.size(); i++) out.add(dependency(i, deps.get(i)));
        }
        return new Manifest(file, name, version, description, license, out);
    }

    private static Dependency dependency(int i, JsonNode d) {
        String name = d.isObject() ? text(d.get("name")) : null;
        String label = name == null || name.isBlank() ? "dependencies[" + i + "]" : name;
        if (!d.isObject()) return new Dependency(i, label, null, null, null, null, null, "the entry is not a mapping of name, version and repository");
        String version = text(d.get("version"));
        JsonNode repo = d.get("repository");
        String type = repo == null ? null : text(repo.get("type"));
        String url = repo == null ? null : text(repo.get("url"));
        String path = repo == null ? null : text(repo.get("path"));
        String branch = repo == null ? null : text(repo.get("branch"));
        List<String> missing = new ArrayList<>();
        if (name == null || name.isBlank()) missing.add("name");
        if (version == null || version.isBlank()) missing.add("version");
        if (path == null || path.isBlank()) missing.add("repository.path");
        String problem = missing.isEmpty() ? null
                : "dependencies[" + i + "] has no " + String.join(", ", missing) + ": each dependency needs a name, the version"
                + " it must be at and repository.path, the library's directory relative to the source root";
        return new Dependency(i, label, version, type, url, path, branch, problem);
    }

    private static String field(Path file, JsonNode root, String key, int min, int max) throws Invalid {
        String v = text(root.get(key));
        if (v == null || v.isBlank()) throw new Invalid(file + ": required field '" + key + "' is missing");
        if (v.length() < min || v.length() > max) {
            throw new Invalid(file + ": '" + key + "' is " + v.length() + " characters long, it must be " + min + " to " + max);
        }
        return v;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText().strip();
    }
}
