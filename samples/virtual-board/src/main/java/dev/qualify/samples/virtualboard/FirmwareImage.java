package dev.qualify.samples.virtualboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A virtual-board firmware image: a zip holding the two FLIT configuration headers of the built project and an
 * {@value #MANIFEST} manifest with the image format, the board version, the build time, the SHA-256 of each header
 * and the resolved value of every macro ({@code macro.NAME}) with where it was defined ({@code location.NAME}).
 *
 * <p>{@link #build} is the "compiler" (header errors name file and line), {@link #flash} the "flash tool" (it
 * validates, then writes atomically), {@link #read} what the board's boot loader does at power-on.
 */
public final class FirmwareImage {

    /** The value of {@code image.format} this board understands. */
    public static final String FORMAT = "qualify-virtual-board-image/1";
    /** The manifest entry of the zip. */
    public static final String MANIFEST = "image.properties";
    /** Path of the execution header in the source project and in the image. */
    public static final String EXECUTION_HEADER = "Common/config/test_execution_config.h";
    /** Path of the parameter header in the source project and in the image. */
    public static final String PARAM_HEADER = "Common/config/test_param_config.h";

    /** The FLIT switches, in the order FLIT's {@code RunQualificationTest()} runs them. */
    public static final List<String> TEST_SWITCHES = List.of("DEVICE_ADVISOR_TEST_ENABLED", "OTA_E2E_TEST_ENABLED",
            "TRANSPORT_INTERFACE_TEST_ENABLED", "MQTT_TEST_ENABLED", "OTA_PAL_TEST_ENABLED",
            "CORE_PKCS11_TEST_ENABLED");

    private static final List<String> HEADERS = List.of(EXECUTION_HEADER, PARAM_HEADER);

    private final Macros macros;
    private final Instant buildTime;
    private final String boardVersion;
    private final String sha256;
    private final long size;

    private FirmwareImage(Macros macros, Instant buildTime, String boardVersion, String sha256, long size) {
        this.macros = macros;
        this.buildTime = buildTime;
        this.boardVersion = boardVersion;
        this.sha256 = sha256;
        this.size = size;
    }

    /**
     * Builds an image from a firmware project: parses both headers under {@code sourceDir}, checks the values the
     * board needs, and writes the zip to {@code imageFile} (parent folders are created).
     *
     * @throws HeaderException a header is missing or wrong; the message names file and line
     */
    public static FirmwareImage build(Path sourceDir, Path imageFile) throws HeaderException, IOException {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (String header : HEADERS) {
            Path file = sourceDir.resolve(header);
            if (!Files.isRegularFile(file)) {
                throw new HeaderException(file.toString(), 0, "file not found (the firmware project needs "
                        + header + ")");
            }
            headers.put(header, Files.readAllBytes(file));
        }
        Parsed parsed = parse(headers);
        Instant now = Instant.now();
        Properties manifest = new Properties();
        manifest.setProperty("image.format", FORMAT);
        manifest.setProperty("board.version", BoardVersion.get());
        manifest.setProperty("build.time", now.toString());
        manifest.setProperty("build.source", sourceDir.toAbsolutePath().normalize().toString());
        for (Map.Entry<String, byte[]> h : headers.entrySet()) {
            manifest.setProperty("sha256." + h.getKey(), sha256(h.getValue()));
        }
        parsed.macros.values().forEach((k, v) -> manifest.setProperty("macro." + k, v));
        parsed.locations.forEach((k, v) -> manifest.setProperty("location." + k, v));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> h : headers.entrySet()) {
                zip.putNextEntry(new ZipEntry(h.getKey()));
                zip.write(h.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(sorted(manifest).getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        byte[] image = bytes.toByteArray();
        Path parent = imageFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(imageFile, image);
        return new FirmwareImage(parsed.macros, now, BoardVersion.get(), sha256(image), image.length);
    }

    /**
     * Validates an image file and writes it to {@code flashFile} atomically (a temporary file in the same folder,
     * then a move), so a board never boots a half-written flash.
     *
     * @throws ImageException the image is not valid; the message says why
     */
    public static FirmwareImage flash(Path imageFile, Path flashFile) throws ImageException, IOException {
        FirmwareImage image = read(imageFile);
        byte[] bytes = Files.readAllBytes(imageFile);
        Path target = flashFile.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return image;
    }

    /**
     * Reads and validates an image (or a flash holding one): zip structure, manifest format, header checksums, and
     * that the manifest's macro values are those of the headers.
     *
     * @throws ImageException the file is missing, empty or not a valid image; the message says why
     */
    public static FirmwareImage read(Path file) throws ImageException {
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                throw new ImageException(file + " does not exist");
            }
            // FileInputStream, not Files.readAllBytes: a reset (thread interrupt) must not abort reading the flash
            try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ImageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new ImageException(file + " is empty");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (ZipException e) {
            throw new ImageException(file + " is not a virtual-board image (broken zip: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ImageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new ImageException(file + " is not a virtual-board image (not a zip archive)");
        }
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) {
            throw new ImageException(file + " is not a virtual-board image (no " + MANIFEST + " in it)");
        }
        Properties manifest = new Properties();
        try {
            manifest.load(new StringReader(new String(manifestBytes, StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ImageException(file + ": " + MANIFEST + " is not a properties file: " + e.getMessage(), e);
        }
        String format = manifest.getProperty("image.format");
        if (!FORMAT.equals(format)) {
            throw new ImageException(file + ": unsupported image format '" + format + "' (this board reads "
                    + FORMAT + ")");
        }
        Instant buildTime;
        try {
            buildTime = Instant.parse(manifest.getProperty("build.time", ""));
        } catch (DateTimeParseException e) {
            throw new ImageException(file + ": " + MANIFEST + " has no valid build.time");
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (String header : HEADERS) {
            byte[] content = entries.get(header);
            if (content == null) {
                throw new ImageException(file + ": the image has no " + header);
            }
            String expected = manifest.getProperty("sha256." + header);
            String actual = sha256(content);
            if (!actual.equals(expected)) {
                throw new ImageException(file + ": " + header + " is corrupt (SHA-256 " + actual
                        + ", the manifest says " + expected + ")");
            }
            headers.put(header, content);
        }
        Parsed parsed;
        try {
            parsed = parse(headers);
        } catch (HeaderException e) {
            throw new ImageException(file + ": " + e.getMessage(), e);
        }
        Map<String, String> stored = new TreeMap<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith("macro.")) {
                stored.put(key.substring("macro.".length()), manifest.getProperty(key));
            }
        }
        if (!stored.equals(new TreeMap<>(parsed.macros.values()))) {
            throw new ImageException(file + ": the macro values in " + MANIFEST + " do not match the headers");
        }
        return new FirmwareImage(parsed.macros, buildTime, manifest.getProperty("board.version", "unknown"),
                sha256(bytes), bytes.length);
    }

    private record Parsed(Macros macros, Map<String, String> locations) {
    }

    private static Parsed parse(Map<String, byte[]> headers) throws HeaderException {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> locations = new LinkedHashMap<>();
        Map<String, ConfigHeader.Define> first = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> h : headers.entrySet()) {
            String name = h.getKey().substring(h.getKey().lastIndexOf('/') + 1);
            ConfigHeader header = ConfigHeader.parse(name, new String(h.getValue(), StandardCharsets.UTF_8));
            for (ConfigHeader.Define d : header.defines().values()) {
                if (d.functionLike()) {
                    continue;
                }
                ConfigHeader.Define previous = first.get(d.name());
                if (previous != null && !previous.value().equals(d.value())) {
                    throw new HeaderException(name, d.line(), d.name() + " redefined with a different value ('"
                            + d.value() + "', first defined as '" + previous.value() + "' at "
                            + locations.get(d.name()) + ")");
                }
                if (previous == null) {
                    first.put(d.name(), d);
                    raw.put(d.name(), d.value());
                    locations.put(d.name(), name + ":" + d.line());
                }
            }
        }
        Macros macros = Macros.resolve(raw);
        check(macros, locations);
        return new Parsed(macros, locations);
    }

    /** The checks a compile would do for the values the board uses. */
    private static void check(Macros macros, Map<String, String> locations) throws HeaderException {
        for (String name : macros.values().keySet()) {
            if (name.endsWith("_TEST_ENABLED")) {
                String v = macros.get(name);
                if (!"0".equals(v) && !"1".equals(v)) {
                    throw at(locations.get(name), name + " must be 0 or 1, not '" + v + "'");
                }
            }
        }
        checkInteger(macros, locations, "TEST_START_DELAY_MS", 0, Integer.MAX_VALUE);
        checkInteger(macros, locations, "ECHO_SERVER_PORT", 1, 65535);
        if (macros.enabled("TRANSPORT_INTERFACE_TEST_ENABLED")) {
            String where = locations.get("TRANSPORT_INTERFACE_TEST_ENABLED");
            for (String needed : List.of("ECHO_SERVER_ENDPOINT", "ECHO_SERVER_PORT")) {
                if (!macros.defined(needed)) {
                    throw new HeaderException("test_param_config.h", 0, needed + " is not defined, but"
                            + " TRANSPORT_INTERFACE_TEST_ENABLED is 1 (" + where + ")");
                }
            }
        }
    }

    private static void checkInteger(Macros macros, Map<String, String> locations, String name, long min, long max)
            throws HeaderException {
        if (!macros.defined(name)) {
            return;
        }
        String v = macros.get(name);
        var n = Macros.integer(v);
        if (n.isEmpty() || n.getAsLong() < min || n.getAsLong() > max) {
            throw at(locations.get(name), name + " must be an integer from " + min + " to " + max + ", not '" + v
                    + "'");
        }
    }

    private static HeaderException at(String location, String problem) {
        int colon = location.lastIndexOf(':');
        return new HeaderException(location.substring(0, colon), Integer.parseInt(location.substring(colon + 1)),
                problem);
    }

    private static String sorted(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, null);
        List<String> lines = new ArrayList<>();
        for (String line : w.toString().split("\r?\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        lines.sort(null);
        return "# Qualify virtual-board image manifest\n" + String.join("\n", lines) + "\n";
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }

    /** The resolved macros of both headers. */
    public Macros macros() {
        return macros;
    }

    /** When the image was built. */
    public Instant buildTime() {
        return buildTime;
    }

    /** The version of the board that built the image. */
    public String boardVersion() {
        return boardVersion;
    }

    /** SHA-256 of the whole image file, hex. */
    public String sha256() {
        return sha256;
    }

    /** Size of the image file in bytes. */
    public long size() {
        return size;
    }

    /** The enabled FLIT switches, in FLIT order. */
    public List<String> enabledSwitches() {
        return TEST_SWITCHES.stream().filter(macros::enabled).toList();
    }
}
