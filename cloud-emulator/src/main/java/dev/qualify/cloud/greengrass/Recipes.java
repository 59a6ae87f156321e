package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a component recipe (YAML or JSON, parsed with Jackson) and prepares it for core devices: checks
 * {@code ComponentName} and a semver {@code ComponentVersion}, finds every artifact of every manifest in the
 * artifacts directory ({@code DIR/FILE} or {@code DIR/NAME/VERSION/FILE}), fills in its {@code Digest} (base64
 * SHA-256) and {@code Algorithm}, and points its {@code Uri} at {@code greengrass:FILE}, which the nucleus fetches
 * through {@code GetComponentVersionArtifact}.
 */
final class Recipes {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A prepared recipe and the artifact files it names (file name to path). */
    record Prepared(String name, String version, ObjectNode recipe, Map<String, Path> artifactFiles, Map<String, String> digests) {
    }

    private Recipes() {
    }

    static Prepared prepare(byte[] bytes, String source, Path artifactsDir) {
        JsonNode root;
        boolean json = looksLikeJson(bytes);
        try {
            // JSON is read as JSON: YAML 1.1 parsers refuse some valid JSON (tab indentation, the \/ escape)
            root = json ? JSON.readTree(bytes) : YAML.readTree(bytes);
        } catch (IOException e) {
            throw bad(source, "the recipe is not valid " + (json ? "JSON" : "YAML") + where(e) + ": " + firstLine(e.getMessage()));
        }
        if (!(root instanceof ObjectNode recipe)) throw bad(source, "the recipe must be a mapping (YAML) or an object (JSON)");
        String name = text(recipe, "ComponentName", source);
        if (!name.matches("[a-zA-Z0-9._-]{1,128}")) throw bad(source, "ComponentName '" + name + "' may use only a-z A-Z 0-9 . _ - (1-128)");
        String version = text(recipe, "ComponentVersion", source);
        if (!Semver.isValid(version)) throw bad(source, "ComponentVersion '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
        recipe.put("ComponentVersion", version.trim());
        if (!recipe.has("RecipeFormatVersion")) recipe.put("RecipeFormatVersion", "2020-01-25");
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        JsonNode manifests = recipe.get("Manifests");
        if (manifests != null && !manifests.isArray()) throw bad(source, "Manifests must be a list");
        if (manifests != null) {
            for (int i = 0; i < manifests.size(); i++) {
                JsonNode arts = manifests.get(i).get("Artifacts");
                if (arts == null) continue;
                if (!(arts instanceof ArrayNode list)) throw bad(source, "Manifests[" + i + "].Artifacts must be a list");
                for (int j = 0; j < list.size(); j++) {
                    String field = "Manifests[" + i + "].Artifacts[" + j + "].Uri";
                    if (!(list.get(j) instanceof ObjectNode art) || !art.path("Uri").isTextual()) throw bad(source, field + " is missing");
                    String file = fileName(art.get("Uri").asText(), source, field);
                    Path found = find(artifactsDir, name, version, file);
                    if (found == null) {
                        throw bad(source, field + ": artifact '" + file + "' not found"
                                + (artifactsDir == null ? " (give --artifacts DIR)" : " in " + artifactsDir + " (nor in " + name + "/" + version + "/)"));
                    }
                    String digest = digests.computeIfAbsent(file, f -> sha256(found));
                    files.put(file, found);
                    art.put("Uri", "greengrass:" + file);
                    art.put("Digest", digest);
                    art.put("Algorithm", "SHA-256");
                }
            }
        }
        return new Prepared(name, version.trim(), recipe, files, digests);
    }

    private static String fileName(String uri, String source, String field) {
        String path;
        try {
            URI u = new URI(uri.trim());
            path = u.getScheme() == null ? uri : (u.getPath() != null && !u.getPath().isEmpty() ? u.getPath() : u.getSchemeSpecificPart());
        } catch (java.net.URISyntaxException e) {
            throw bad(source, field + " is not a URI: " + uri);
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (file.isEmpty() || file.equals("..") || file.equals(".")) throw bad(source, field + " names no file: " + uri);
        return file;
    }

    private static Path find(Path dir, String name, String version, String file) {
        if (dir == null) return null;
        for (Path p : new Path[]{dir.resolve(file), dir.resolve(name).resolve(version).resolve(file)}) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    static String sha256(Path f) {
        try (var in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + f, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(ObjectNode recipe, String key, String source) {
        JsonNode n = recipe.get(key);
        if (n == null || n.isNull() || n.asText().isBlank()) throw bad(source, key + " is missing");
        if (!n.isValueNode()) throw bad(source, key + " must be a string");
        return n.asText();
    }

    /** Whether the recipe's first character other than white space (or a UTF-8 byte order mark) opens a JSON object. */
    private static boolean looksLikeJson(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
            if (i == 0 && b == 0xef && bytes.length >= 3 && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
                i += 2;
                continue;
            }
            return b == '{';
        }
        return false;
    }

    /** " at line L, column C" of a parse error, when the parser knows it. */
    private static String where(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null && p.getLocation().getLineNr() > 0) {
            return " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
        }
        return "";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static GreengrassException bad(String source, String message) {
        return new GreengrassException(GreengrassException.Kind.VALIDATION, source + ": " + message);
    }
}
