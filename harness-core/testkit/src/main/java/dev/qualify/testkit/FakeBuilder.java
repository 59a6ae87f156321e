package dev.qualify.testkit;

import dev.qualify.api.device.Builder;
import dev.qualify.api.device.InfrastructureException;
import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link Builder} that records each build and writes a small image file naming the source tree and its files.
 * Told to ({@link #failWith}, {@link #failNext}), it fails with an {@link InfrastructureException} of type
 * {@code build-failed} carrying the given text as the build output's tail, and writes no image. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeBuilder implements Builder {

    /**
     * One build asked for.
     *
     * @param sourceDir   the tree built
     * @param image       where the image was to be written
     * @param sourceFiles the tree's files relative to {@code sourceDir}, '/'-separated, sorted
     * @param succeeded   whether an image was written
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Build(Path sourceDir, Path image, List<String> sourceFiles, boolean succeeded) {
    }

    private final List<Build> builds = new ArrayList<>();
    private String failure;
    private int failNext;

    /** Every build from now on fails with {@code output}; null to succeed again. */
    public synchronized FakeBuilder failWith(String output) {
        this.failure = output;
        return this;
    }

    /** The next build fails; later ones succeed unless {@link #failWith} says otherwise. */
    public synchronized FakeBuilder failNext() {
        failNext++;
        return this;
    }

    @Override
    public synchronized Path build(Path sourceDir, Path image) {
        List<String> files = files(sourceDir);
        String why = failNext > 0 ? "failed as the test asked" : failure;
        if (failNext > 0) failNext--;
        if (why != null) {
            builds.add(new Build(sourceDir, image, files, false));
            throw new InfrastructureException("build-failed", "fake builder: building " + sourceDir + " failed; output tail: " + why);
        }
        try {
            Files.createDirectories(image.toAbsolutePath().getParent());
            Files.writeString(image, "fake image of " + sourceDir + "\n" + String.join("\n", files) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("build-failed", "fake builder: cannot write " + image + ": " + e.getMessage(), e);
        }
        builds.add(new Build(sourceDir, image, files, true));
        return image;
    }

    /** Every build asked for, failed ones included, in order. */
    public synchronized List<Build> builds() {
        return List.copyOf(builds);
    }

    /** How many builds were asked for. */
    public synchronized int count() {
        return builds.size();
    }

    private static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
