package dev.qualify.suites.freertos.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An application version, {@code OTA_APP_VERSION_MAJOR.MINOR.BUILD}, as the OTA demo prints it. */
public record OtaVersion(int major, int minor, int build) implements Comparable<OtaVersion> {
    /** FLIT's template value. */
    public static final OtaVersion FLIT_DEFAULT = new OtaVersion(0, 9, 1);
    /** What the OTA demo prints at start-up (ota_demo_core_mqtt.c). */
    public static final Pattern DEMO_LINE = Pattern.compile("Application version (\\d+)\\.(\\d+)\\.(\\d+)");

    /** The version the project's {@code test_param_config.h} defines, or {@link #FLIT_DEFAULT}. */
    public static OtaVersion of(Path paramConfig) {
        if (!Files.isRegularFile(paramConfig)) return FLIT_DEFAULT;
        try {
            String text = Files.readString(paramConfig, StandardCharsets.UTF_8);
            return new OtaVersion(macro(text, "MAJOR", FLIT_DEFAULT.major), macro(text, "MINOR", FLIT_DEFAULT.minor),
                    macro(text, "BUILD", FLIT_DEFAULT.build));
        } catch (IOException e) {
            return FLIT_DEFAULT;
        }
    }

    private static int macro(String text, String part, int fallback) {
        Matcher m = Pattern.compile("(?m)^\\s*#\\s*define\\s+OTA_APP_VERSION_" + part + "\\s+\\(?\\s*(\\d+)").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    /** The version a demo line names, or null. */
    public static OtaVersion in(String line) {
        Matcher m = DEMO_LINE.matcher(line);
        return m.find() ? new OtaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))) : null;
    }

    public OtaVersion next() {
        return new OtaVersion(major, minor, build + 1);
    }

    /** One build lower (or one minor lower when the build is 0). */
    public OtaVersion previous() {
        if (build > 0) return new OtaVersion(major, minor, build - 1);
        if (minor > 0) return new OtaVersion(major, minor - 1, 99);
        return new OtaVersion(Math.max(0, major - 1), 99, 99);
    }

    @Override
    public int compareTo(OtaVersion o) {
        return java.util.Comparator.comparingInt(OtaVersion::major).thenComparingInt(OtaVersion::minor)
                .thenComparingInt(OtaVersion::build).compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
