package dev.qualify.suites.freertos.host;

import dev.qualify.api.device.InfrastructureException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The version a library directory holds, found by one documented rule, in this order:
 * <ol>
 *   <li><b>A git checkout</b> (the directory holds {@code .git}: a clone, or a submodule's {@code .git} file): its
 *   commit ({@code git rev-parse HEAD}) and every tag at that commit ({@code git tag --points-at HEAD}, which,
 *   unlike {@code describe --exact-match}, lists all of them when a commit has several). The expected version
 *   matches one of the tags exactly, or is a commit (7 to 40 hex digits) that HEAD starts with. Git runs as an argv
 *   list, never through a shell, with a deadline, and with {@code safe.directory} set for just that directory (we
 *   only read it). Parsing {@code .git/HEAD}, packed refs and annotated tags ourselves would need a library (JGit,
 *   several MB) for what one small process does.</li>
 *   <li><b>A version macro</b>: a string {@code #define} whose name ends with {@code _VERSION} or
 *   {@code _VERSION_NUMBER} (coreMQTT's {@code MQTT_LIBRARY_VERSION "v2.1.1"} in {@code core_mqtt.h}, the kernel's
 *   {@code tskKERNEL_VERSION_NUMBER "V10.5.1"} in {@code task.h}) in a {@code *.h} of the library's directory, its
 *   {@code include/} or its {@code source/include/}. The expected version matches one of their values exactly.</li>
 *   <li><b>A version file</b>: the first non-blank line of {@code version} or {@code VERSION} in the directory.</li>
 * </ol>
 *
 * @param how      where the version was read, for the report
 * @param versions the versions the directory can be said to be at (tags, macro values, the file's line)
 * @param commit   the git commit, or null when not a git checkout
 * @param shown    what was found, in one line
 */
public record PresentVersion(String how, List<String> versions, String commit, String shown) {
    private static final Pattern MACRO = Pattern.compile(
            "^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_][A-Za-z0-9_]*?(?:_VERSION|_VERSION_NUMBER))[ \\t]+\"([^\"\\r\\n]*)\"", Pattern.MULTILINE);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final List<String> HEADER_DIRS = List.of(".", "include", "source/include");
    private static final long MAX_HEADER_BYTES = 1 << 20;

    public PresentVersion {
        versions = List.copyOf(versions);
    }

    /** Whether the directory is at {@code expected}. */
    public boolean matches(String expected) {
        String e = expected.strip();
        if (versions.contains(e)) return true;
        return commit != null && HEX.matcher(e).matches() && commit.toLowerCase().startsWith(e.toLowerCase());
    }

    /** Whether anything was found at all. */
    public boolean found() {
        return !versions.isEmpty() || commit != null;
    }

    /**
     * Reads the version of the library in {@code dir} (an existing directory).
     *
     * @param deadline how long each git command may take
     * @throws InfrastructureException when git cannot be started or does not answer within the deadline
     */
    public static PresentVersion of(Path dir, Duration deadline) {
        if (Files.exists(dir.resolve(".git"))) return git(dir, deadline);
        List<String> values = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String sub : HEADER_DIRS) {
            Path d = sub.equals(".") ? dir : dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            List<Path> headers;
            try (Stream<Path> s = Files.list(d)) {
                headers = s.filter(p -> p.getFileName().toString().endsWith(".h") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path h : headers) {
                String text = read(h);
                if (text == null) continue;
                Matcher m = MACRO.matcher(text);
                while (m.find()) {
                    values.add(m.group(2).strip());
                    where.add(m.group(1) + " \"" + m.group(2).strip() + "\" in " + dir.relativize(h).toString().replace('\\', '/'));
                }
            }
        }
        if (!values.isEmpty()) return new PresentVersion("version macro", values, null, String.join(", ", where));
        for (String name : List.of("version", "VERSION")) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            String text = read(f);
            String line = text == null ? "" : text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            if (!line.isEmpty()) return new PresentVersion("version file", List.of(line), null, "\"" + line + "\" in " + name);
        }
        return new PresentVersion("nothing", List.of(), null, "no version: " + dir + " is not a git checkout (no .git), no *.h in it,"
                + " its include/ or its source/include/ defines a *_VERSION or *_VERSION_NUMBER string macro, and it has no"
                + " version file");
    }

    private static PresentVersion git(Path dir, Duration deadline) {
        Result head = run(dir, deadline, "rev-parse", "HEAD");
        if (head.exit != 0) {
            return new PresentVersion("git checkout", List.of(), null, "a git checkout whose commit cannot be read (git rev-parse HEAD"
                    + " exited " + head.exit + ": " + head.err.strip() + ")");
        }
        String commit = head.out.strip();
        Result tags = run(dir, deadline, "tag", "--points-at", "HEAD");
        List<String> names = tags.exit != 0 ? List.of() : tags.out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String shown = "git checkout at commit " + commit + (names.isEmpty() ? " (no tag at that commit)" : " tagged " + String.join(", ", names));
        return new PresentVersion("git checkout", names, commit, shown);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Path dir, Duration deadline, String... gitArgs) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "safe.directory=" + dir.toAbsolutePath(), "-C", dir.toString()));
        argv.addAll(List.of(gitArgs));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new InfrastructureException("git-unavailable", "cannot run " + String.join(" ", argv) + " to read the checkout at "
                    + dir + ": " + e.getMessage() + "; install git (it must be on the PATH)", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new InfrastructureException("git-timeout", String.join(" ", argv) + " did not finish within "
                        + deadline.toMillis() + " ms");
            }
            return new Result(p.exitValue(), out.get(deadline.toMillis(), TimeUnit.MILLISECONDS),
                    err.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while running " + String.join(" ", argv), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new InfrastructureException("git-failed", "reading the output of " + String.join(" ", argv) + ": " + e, e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path f) {
        try {
            if (Files.size(f) > MAX_HEADER_BYTES) return null;
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }
}
