package dev.qualify.core.boot;

import dev.qualify.api.device.Builder;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.core.device.ConfiguredDevice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The images of one run, built once per distinct {@link FirmwareImage#identity()}: the first device that needs an
 * image builds it in {@code <images>/<hash>/} with its {@link Builder}; a device that needs it meanwhile waits for
 * that build; a failed build fails every group that needs that image, each with the same error. The pool's
 * devices are identical, so one build serves them all.
 */
public final class ImageCache {
    private final Path root;
    private final Map<String, CompletableFuture<Path>> images = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<String>> users = new ConcurrentHashMap<>();

    /** @param root where images and their source trees are written, e.g. {@code <run>/work/images} */
    public ImageCache(Path root) {
        this.root = root;
    }

    /** Whether an image of this identity was already asked for in this run. */
    public boolean known(FirmwareImage image) {
        return images.containsKey(image.identity());
    }

    /**
     * The built image, building it with {@code device}'s builder if nobody has.
     *
     * @throws InfrastructureException {@code build-failed} / {@code build-timeout} from the builder, or
     *                                 {@code build-failed} when the source tree cannot be written
     */
    public Path image(FirmwareImage image, ConfiguredDevice device, String groupId) {
        users.computeIfAbsent(image.identity(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(groupId);
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> existing = images.putIfAbsent(image.identity(), mine);
        if (existing == null) {
            try {
                mine.complete(build(image, device));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
            return join(mine);
        }
        device.context().transcript().note("image " + shortHash(image) + " is shared with " + usersBefore(image, groupId)
                + ": not built again");
        return join(existing);
    }

    /** The groups that asked for this image before {@code groupId}, e.g. {@code FullPKCS11_Core}. */
    public String usersBefore(FirmwareImage image, String groupId) {
        java.util.List<String> all = users.getOrDefault(image.identity(), java.util.List.of());
        java.util.List<String> before = new java.util.ArrayList<>(all);
        before.remove(groupId);
        return before.isEmpty() ? "an earlier group" : String.join(", ", new java.util.LinkedHashSet<>(before));
    }

    /** A short, stable name for the image: the first 12 hex digits of the SHA-256 of its identity. */
    public static String shortHash(FirmwareImage image) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(image.identity().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Path build(FirmwareImage image, ConfiguredDevice device) {
        Path dir = root.resolve(shortHash(image));
        Path source;
        try {
            Files.createDirectories(dir.resolve("source"));
            source = image.source().write(dir.resolve("source"));
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException("build-failed", "cannot write the source tree of image " + shortHash(image)
                    + " in " + dir + ": " + e.getMessage(), e);
        }
        device.context().transcript().note("building image " + shortHash(image) + " (" + image.imageName() + ") from " + source);
        return device.require(Builder.class).build(source, dir.resolve(image.imageName()));
    }

    private static Path join(CompletableFuture<Path> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new InfrastructureException("build-failed", e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while waiting for an image build", e);
        }
    }
}
