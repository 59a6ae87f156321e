package dev.qualify.core.config.idt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the commands of an IDT {@code buildTool} or {@code flashTool} the way IDT runs them, as the program of a
 * Qualify {@code build} / {@code flash} section the IDT reader writes. Qualify has already split every IDT command
 * string into words and expanded the placeholders inside each word; this runs them one after another (argv, no
 * shell) in the source copy, and bridges two differences between IDT and Qualify:
 * <ul>
 *   <li>build: IDT's build writes the image somewhere in the source tree under {@code buildImageInfo.testsImageName};
 *       Qualify wants it at {@code {{buildImagePath}}}: the file is found and copied there, and the source copy is
 *       remembered beside it;</li>
 *   <li>flash: IDT's {@code {{testData.sourcePath}}} in a flash command is the source copy the build used, which
 *       Qualify's flash step does not know: the word marker {@value #SOURCE_MARKER} is replaced by it.</li>
 * </ul>
 * Usage: {@code build --image IMG --source DIR --find NAME (--cmd N WORD...)...} and
 * {@code flash --image IMG (--cmd N WORD...)...}. Exit 0 when every command exited 0, else the first non-zero exit
 * code (1 when the image is not found).
 */
public final class IdtStep {
    /** Stands for IDT's {@code {{testData.sourcePath}}} in a flash command. */
    public static final String SOURCE_MARKER = "@@idt.testData.sourcePath@@";
    static final String SOURCE_SIDECAR = ".idt-source";

    private IdtStep() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) throws IOException, InterruptedException {
        if (args.isEmpty()) return usage();
        String step = args.get(0);
        Path image = null, source = null;
        String find = null;
        List<List<String>> commands = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--image" -> image = Path.of(args.get(++i));
                case "--source" -> source = Path.of(args.get(++i));
                case "--find" -> find = args.get(++i);
                case "--cmd" -> {
                    int n = Integer.parseInt(args.get(++i));
                    commands.add(new ArrayList<>(args.subList(i + 1, i + 1 + n)));
                    i += n;
                }
                default -> {
                    return usage();
                }
            }
        }
        if (image == null) return usage();
        Path sidecar = image.resolveSibling(image.getFileName() + SOURCE_SIDECAR);
        if (step.equals("flash")) {
            source = Files.exists(sidecar) ? Path.of(Files.readString(sidecar, StandardCharsets.UTF_8).trim())
                    : image.toAbsolutePath().getParent();
            String src = sourceText(source);
            for (List<String> c : commands) c.replaceAll(w -> w.replace(SOURCE_MARKER, src));
        } else if (!step.equals("build") || source == null) {
            return usage();
        }
        for (List<String> c : commands) {
            if (c.isEmpty()) continue;
            System.out.println("idt " + step + ": running " + c.get(0) + " (" + (c.size() - 1) + " argument(s))");
            System.out.flush();
            Process p = new ProcessBuilder(c).directory(source.toFile()).inheritIO().start();
            int code = p.waitFor();
            if (code != 0) {
                System.err.println("idt " + step + ": " + c.get(0) + " exited with " + code);
                return code;
            }
        }
        if (step.equals("build")) {
            if (!Files.exists(image)) {
                Optional<Path> found = find == null ? Optional.empty() : find(source, find);
                if (found.isEmpty()) {
                    System.err.println("idt build: the build succeeded but no file named '" + find + "' was found under "
                            + source + " (userdata.json buildImageInfo.testsImageName names the image the build writes)");
                    return 1;
                }
                Files.copy(found.get(), image);
                System.out.println("idt build: image " + source.relativize(found.get()) + " copied to " + image);
            }
            Files.writeString(sidecar, source.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    private static String sourceText(Path source) {
        return source.toAbsolutePath().toString();
    }

    /** The shallowest regular file named {@code name} under {@code dir} (the newest among equals). */
    static Optional<Path> find(Path dir, String name) throws IOException {
        Path direct = dir.resolve(name);
        if (Files.isRegularFile(direct)) return Optional.of(direct);
        try (Stream<Path> s = Files.walk(dir, 12)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(name) && Files.isRegularFile(p))
                    .min(Comparator.<Path>comparingInt(Path::getNameCount).thenComparing(p -> -p.toFile().lastModified()));
        }
    }

    private static int usage() {
        System.err.println("usage: IdtStep build --image IMG --source DIR --find NAME (--cmd N WORD...)...\n"
                + "       IdtStep flash --image IMG (--cmd N WORD...)...");
        return 2;
    }
}
