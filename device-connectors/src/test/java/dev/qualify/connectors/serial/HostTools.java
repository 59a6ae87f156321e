package dev.qualify.connectors.serial;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the host tools integration tests need. A missing tool fails the test when the environment variable
 * {@code CI} is {@code true} (CI must never skip silently) and skips it otherwise.
 */
public final class HostTools {
    private HostTools() {
    }

    /** The tool's path; fails or skips (see class doc) when it is not installed. */
    public static String require(String tool, String debianPackage) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) return found.get().toString();
        String message = tool + " is not installed (Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message + "; CI must have it");
        Assumptions.abort(message + "; skipped outside CI");
        throw new IllegalStateException("unreachable");
    }

    private static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
