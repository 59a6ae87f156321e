package dev.qualify.core.boot;

import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of the image Qualify flashed, which the board's own identity line ({@code boot.imageIdentity}) is
 * compared with. A firmware cannot know the hash of the file it was flashed from, so there are two ways to match:
 * <ul>
 *   <li>the identity the build step recorded in {@code <image>.identity} next to the image (its first line): a
 *       version or build id baked into the firmware at build time; the board must print exactly that (case is
 *       ignored);</li>
 *   <li>the SHA-256 of the image file: the board may print it, or its first {@value #MIN_PREFIX} or more hex
 *       digits (a board that reads its image from a file system, as the virtual board does).</li>
 * </ul>
 *
 * @param file     the image file
 * @param sha256   its SHA-256, in lower-case hex
 * @param recorded what the build recorded in {@code <image>.identity}; null when it wrote no such file
 */
public record ImageIdentity(Path file, String sha256, String recorded) {
    /** The fewest hex digits of the SHA-256 a board may print. */
    public static final int MIN_PREFIX = 7;
    /** What the build step's recorded identity file is called after the image: {@code <image>.identity}. */
    public static final String RECORD_SUFFIX = ".identity";

    /**
     * Hashes the image file and reads what its build recorded.
     *
     * @throws InfrastructureException {@code wrong-image} when the image cannot be read
     */
    public static ImageIdentity of(Path image) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(image), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Path record = image.resolveSibling(image.getFileName() + RECORD_SUFFIX);
            String recorded = null;
            if (Files.isRegularFile(record)) {
                String first = Files.readString(record, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("").strip();
                recorded = first.isEmpty() ? null : first;
            }
            return new ImageIdentity(image, HexFormat.of().formatHex(md.digest()), recorded);
        } catch (IOException e) {
            throw new InfrastructureException("wrong-image", "cannot read the image " + image + " to know its identity: "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether {@code reported}, what the board printed, names this image. */
    public boolean matches(String reported) {
        if (reported == null) return false;
        String r = reported.strip().toLowerCase(Locale.ROOT);
        if (r.isEmpty()) return false;
        if (recorded != null && r.equals(recorded.toLowerCase(Locale.ROOT))) return true;
        return r.length() >= MIN_PREFIX && r.matches("[0-9a-f]+") && sha256.startsWith(r);
    }

    /** For messages: {@code qemu-board.elf (recorded identity 5d41402abc4b, SHA-256 2cf24dba5fb0...)}. */
    public String describe() {
        return file.getFileName() + " (" + (recorded == null ? "" : "recorded identity " + recorded + ", ")
                + "SHA-256 " + sha256.substring(0, 12) + "...)";
    }
}
