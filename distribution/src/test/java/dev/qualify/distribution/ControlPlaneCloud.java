package dev.qualify.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code qualify cloud start --port 0 --control-port 0} in {@code DIR/cloud}: the emulated cloud with its AWS IoT REST
 * control plane, which the {@code aws-iot} cloud type is pointed at as at an account. Started when it printed the
 * control plane's URL; {@link #close} stops it.
 *
 * @param process     the {@code qualify cloud start} process
 * @param dir         where it runs; its data dir is {@link #data()}
 * @param controlPort the control plane's port on localhost
 */
record ControlPlaneCloud(Process process, Path dir, int controlPort) implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("IoT control plane \\(AWS REST, SigV4, region us-east-1\\): https://localhost:(\\d+)");

    static ControlPlaneCloud start(Path parent) throws Exception {
        Path dir = Files.createDirectories(parent.resolve("cloud"));
        Process p = Qualify.start(dir, "cloud", "start", "--port", "0", "--control-port", "0", "--data-dir", dir.resolve("data").toString());
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(2), () -> URL.matcher(Files.readString(dir.resolve("stdout.txt"))).find());
        Matcher m = URL.matcher(Files.readString(dir.resolve("stdout.txt")));
        if (!m.find()) throw new IllegalStateException("qualify cloud start printed no control-plane URL");
        return new ControlPlaneCloud(p, dir, Integer.parseInt(m.group(1)));
    }

    /** The cloud's data dir: its CA ({@code ca/root-ca.pem}) and the account's credentials ({@code control-plane/credentials}). */
    Path data() {
        return dir.resolve("data");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
