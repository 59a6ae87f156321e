package dev.qualify.connectors.serial;

import dev.qualify.api.driver.ProcessRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A pty pair made by socat, reachable through two symlinks that survive a restart: {@code a} is the "board" end,
 * {@code b} the end the driver under test opens. {@link #close()} kills socat.
 */
public final class SocatPair implements AutoCloseable {
    private final String socat;
    private final Path a;
    private final Path b;
    private Process process;

    /** Starts a pair with links {@code dir/ttyA} and {@code dir/ttyB}. */
    public SocatPair(Path dir) throws IOException, InterruptedException {
        this.socat = HostTools.require("socat", "socat");
        this.a = dir.resolve("ttyA");
        this.b = dir.resolve("ttyB");
        start();
    }

    /** The board end. */
    public Path a() {
        return a;
    }

    /** The end the driver under test opens. */
    public Path b() {
        return b;
    }

    /** (Re)starts socat and waits until both links point at live ptys. */
    public void start() throws IOException, InterruptedException {
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
        process = new ProcessBuilder(socat, "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive()) throw new IOException("socat exited with " + process.exitValue());
            if (System.nanoTime() > deadline) throw new IOException("socat made no links within 10 s");
            Thread.sleep(10);
        }
    }

    /** Kills socat, as a board that vanishes; the links dangle or disappear. */
    public void kill() {
        if (process != null) {
            ProcessRegistry.destroyTree(process, Duration.ofSeconds(2));
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
