package dev.qualify.samples.virtualboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Copies the sample firmware project and rewrites its headers the way Qualify does (one #define per line). */
final class TestFirmware {

    private TestFirmware() {
    }

    /** The module's firmware/ folder. */
    static Path sample() {
        Path base = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();
        Path firmware = base.resolve("firmware");
        if (!Files.isDirectory(firmware)) {
            throw new IllegalStateException("no firmware/ folder under " + base);
        }
        return firmware;
    }

    /** A copy of the sample project in {@code dir} with the given macros set to the given values. */
    static Path copy(Path dir, Map<String, String> values) {
        Path target = dir.resolve("src");
        Path source = sample();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                set(target, v.getKey(), v.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Rewrites {@code #define NAME value} in whichever header defines NAME. */
    static void set(Path project, String name, String value) throws IOException {
        Pattern define = Pattern.compile("(?m)^(#define\\s+" + Pattern.quote(name) + ")\\s+.*$");
        for (String header : new String[] {FirmwareImage.EXECUTION_HEADER, FirmwareImage.PARAM_HEADER}) {
            Path file = project.resolve(header);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = define.matcher(text);
            if (m.find()) {
                Files.writeString(file, m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "    " + value)),
                        StandardCharsets.UTF_8);
                return;
            }
        }
        throw new IllegalArgumentException(name + " is not defined in the sample headers");
    }

    /** Builds and flashes a project; returns the flash file. */
    static Path buildAndFlash(Path dir, Map<String, String> values) throws Exception {
        Path project = copy(dir, values);
        Path image = dir.resolve("image.zip");
        FirmwareImage.build(project, image);
        Path flash = dir.resolve("flash.bin");
        FirmwareImage.flash(image, flash);
        return flash;
    }
}
