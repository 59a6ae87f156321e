package dev.qualify.connectors.qemu;

import dev.qualify.connectors.serial.HostTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code samples/qemu-board} with its own Makefile into {@code target/}, never into the source tree.
 */
final class FirmwareBuild {
    private FirmwareBuild() {
    }

    /** The sample's directory, found from the module directory. */
    static Path sampleDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return base.resolve("../samples/qemu-board").normalize();
    }

    /**
     * Runs {@code make} for {@code board} with extra compiler flags and returns the ELF image.
     *
     * @param variant a name for the build directory
     */
    static Path build(String board, String variant, String extraCflags) throws IOException, InterruptedException {
        HostTools.require("make", "make");
        HostTools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi (and libnewlib-arm-none-eabi)");
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path out = base.resolve("target/qemu-board/" + variant).toAbsolutePath();
        List<String> argv = new ArrayList<>(List.of("make", "-C", sampleDir().toString(), "BOARD=" + board, "BUILD_DIR=" + out));
        if (!extraCflags.isEmpty()) argv.add("EXTRA_CFLAGS=" + extraCflags);
        Path log = Files.createDirectories(out).resolve("make.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("make did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("make failed with " + p.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return out.resolve("qemu-board.elf");
    }
}
