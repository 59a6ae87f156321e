package dev.qualify.testkit;

import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.InfrastructureException;
import org.apiguardian.api.API;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Flasher} that records the images it was given. It fails with an {@link InfrastructureException} of type
 * {@code flash-failed} when the image file does not exist, and when told to ({@link #failWith}, {@link #failNext}),
 * with the given text as the tool's output tail. Failed attempts are recorded too. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeFlasher implements Flasher {
    private final List<Path> attempts = new ArrayList<>();
    private final List<Path> flashed = new ArrayList<>();
    private String failure;
    private int failNext;

    /** Every flash from now on fails with {@code output}; null to succeed again. */
    public synchronized FakeFlasher failWith(String output) {
        this.failure = output;
        return this;
    }

    /** The next flash fails; later ones succeed unless {@link #failWith} says otherwise. */
    public synchronized FakeFlasher failNext() {
        failNext++;
        return this;
    }

    @Override
    public synchronized void flash(Path image) {
        attempts.add(image);
        if (failNext > 0) {
            failNext--;
            throw new InfrastructureException("flash-failed", "fake flasher: flashing " + image.getFileName() + " failed (as the test asked)");
        }
        if (failure != null) {
            throw new InfrastructureException("flash-failed", "fake flasher: flashing " + image.getFileName() + " failed: " + failure);
        }
        if (!Files.isRegularFile(image)) {
            throw new InfrastructureException("flash-failed", "fake flasher: no image at " + image);
        }
        flashed.add(image);
    }

    /** Every image asked for, failed attempts included. */
    public synchronized List<Path> attempts() {
        return List.copyOf(attempts);
    }

    /** The images written successfully, in order. */
    public synchronized List<Path> flashed() {
        return List.copyOf(flashed);
    }

    /** How many flashes were attempted. */
    public synchronized int count() {
        return attempts.size();
    }
}
