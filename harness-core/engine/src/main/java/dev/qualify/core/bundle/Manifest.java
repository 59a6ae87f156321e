package dev.qualify.core.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 of every file of a run directory, in {@code sha256sum}'s format so that {@code sha256sum -c
 * MANIFEST.sha256} checks it in the run directory: one {@code <hex>  <path>} line per file, paths relative with
 * '/', sorted. A path holding a backslash or a newline is written as {@code sha256sum} writes it: the line starts
 * with a backslash and those characters are escaped. The manifest and its signature are not in it.
 *
 * @param files path to lower-case hex SHA-256
 */
public record Manifest(Map<String, String> files) {
    public static final String FILE_NAME = "MANIFEST.sha256";
    public static final String SIGNATURE_FILE_NAME = "MANIFEST.sha256.p7s";
    /** The file every run directory has (the engine's run journal): what tells a run from another directory. */
    public static final String JOURNAL_FILE_NAME = "journal.jsonl";
    /** Files of the run directory that are not listed: the manifest and its signature. */
    public static final Set<String> NOT_LISTED = Set.of(FILE_NAME, SIGNATURE_FILE_NAME);

    public Manifest {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** Hashes every regular file under {@code dir} (following file links, not directory links). */
    public static Manifest of(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : paths) {
            String rel = relative(dir, p);
            if (!NOT_LISTED.contains(rel)) out.put(rel, sha256(p));
        }
        return new Manifest(out);
    }

    static String relative(Path dir, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : dir.relativize(file)) parts.add(part.toString());
        return String.join("/", parts);
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
    }

    /** The manifest's text, UTF-8: what is signed. */
    public byte[] bytes() {
        StringBuilder b = new StringBuilder();
        files.forEach((path, hash) -> {
            boolean escape = path.indexOf('\\') >= 0 || path.indexOf('\n') >= 0;
            if (escape) b.append('\\');
            b.append(hash).append("  ").append(escape ? path.replace("\\", "\\\\").replace("\n", "\\n") : path).append('\n');
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest's text.
     *
     * @throws IllegalArgumentException naming the line that is not {@code <64 hex>  <path>}, or a path that leaves the
     *                                  directory
     */
    public static Manifest parse(byte[] text) {
        Map<String, String> out = new TreeMap<>();
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) break;
            boolean escaped = line.startsWith("\\");
            if (escaped) line = line.substring(1);
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}") || !line.startsWith("  ", 64)) {
                throw new IllegalArgumentException(FILE_NAME + " line " + (i + 1) + ": not '<sha256>  <path>'");
            }
            String path = line.substring(66);
            if (escaped) path = unescape(path);
            if (path.startsWith("/") || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("//")) {
                throw new IllegalArgumentException(FILE_NAME + " line " + (i + 1) + ": the path '" + path + "' leaves the run directory");
            }
            out.put(path, line.substring(0, 64));
        }
        return new Manifest(out);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
