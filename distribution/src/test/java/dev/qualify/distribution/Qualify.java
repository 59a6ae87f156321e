package dev.qualify.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the assembled {@code bin/qualify} as a user would, capturing its output. */
final class Qualify {
    static final Path HOME = Path.of(System.getProperty("qualify.dist", "target/qualify")).toAbsolutePath();

    record Result(int exitCode, String stdout, String stderr) {
        /** The run directory printed on the last "Report:" line. */
        Path runDir() {
            for (String line : stdout.split("\n")) {
                if (line.startsWith("Report: ")) return Path.of(line.substring("Report: ".length()).trim()).getParent();
            }
            throw new AssertionError("no 'Report:' line in the output:\n" + stdout + "\nstderr:\n" + stderr);
        }
    }

    private Qualify() {
    }

    static Process start(Path workDir, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(HOME.resolve("bin/qualify").toString());
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .start();
    }

    static Result run(Path workDir, String... args) throws Exception {
        Process p = start(workDir, args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("qualify did not finish within 5 minutes");
        }
        return finished(p, workDir);
    }

    /**
     * Waits for {@code condition} while {@code p} (started with {@link #start} in {@code workDir}) runs, polling every
     * 20 ms; fails at once, with its output, when the run ends by itself, and after {@code atMost}.
     */
    static void awaitWhileRunning(Process p, Path workDir, java.time.Duration atMost, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.call()) {
            if (!p.isAlive()) {
                throw new AssertionError("qualify ended (exit " + p.exitValue() + ") before the kill point:\n"
                        + Files.readString(workDir.resolve("stdout.txt")) + Files.readString(workDir.resolve("stderr.txt")));
            }
            if (System.nanoTime() > deadline) throw new AssertionError("the kill point was not reached within " + atMost);
            Thread.sleep(20);
        }
    }

    static Result finished(Process p, Path workDir) throws IOException {
        return new Result(p.exitValue(), Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
