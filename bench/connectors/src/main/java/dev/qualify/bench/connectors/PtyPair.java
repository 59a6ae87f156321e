package dev.qualify.bench.connectors;

import dev.qualify.api.driver.ProcessRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A socat pty pair with links {@code dir/ttyA} (the writer's end) and {@code dir/ttyB} (the reader's end). */
final class PtyPair implements AutoCloseable {
    private final Process socat;
    final Path a;
    final Path b;

    PtyPair() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-pty");
        a = dir.resolve("ttyA");
        b = dir.resolve("ttyB");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) throw new IOException("socat did not make a pty pair (is it installed?)");
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        ProcessRegistry.destroyTree(socat, Duration.ofSeconds(2));
    }
}
