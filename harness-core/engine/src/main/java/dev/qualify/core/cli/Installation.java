package dev.qualify.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where Qualify is installed and which version it is. */
final class Installation {
    private Installation() {
    }

    /** The {@code qualify.home} system property set by {@code bin/qualify}, else the jar's grandparent directory. */
    static Path home() {
        String prop = System.getProperty("qualify.home");
        if (prop != null) return Path.of(prop).toAbsolutePath().normalize();
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            if (lib != null && lib.getParent() != null && Files.isDirectory(lib.getParent().resolve("configs"))) {
                return lib.getParent();
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Installation.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
