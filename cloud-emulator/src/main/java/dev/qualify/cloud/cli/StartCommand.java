package dev.qualify.cloud.cli;

import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.admin.AdminServer;
import dev.qualify.cloud.capture.PacketFile;
import dev.qualify.cloud.capture.PacketFileWriter;
import dev.qualify.api.cloud.CloudException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code qualify cloud start}: runs the emulated cloud on 127.0.0.1 until stopped. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Runs the emulated cloud on 127.0.0.1 until stopped (Ctrl-C).",
                "MQTT over mutual TLS on --port; plain MQTT only when --plain-port is given (no authentication: local debugging only)."})
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "MQTT over mutual TLS port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port)",
            defaultValue = "8883")
    int port;

    @Option(names = "--plain-port", description = "also listen for plain MQTT on 127.0.0.1:PORT, without authentication")
    Integer plainPort;

    @Option(names = "--https-port", description = "also serve HTTPS publish and MQTT over WebSocket (/mqtt) on this port")
    Integer httpsPort;

    @Option(names = "--control-port", description = "also serve the AWS IoT REST control plane (HTTPS, SigV4) on 127.0.0.1:PORT (0 for any free port)")
    Integer controlPort;
    @Option(names = "--greengrass-port",
            description = "Greengrass data plane and credentials provider (HTTPS, mutual TLS) on 127.0.0.1 (default: 8443, or any free port"
                    + " when --port is 0; 0 for any free port; -1 for none)")
    Integer greengrassPort;

    @Option(names = "--data-dir", description = "where the CA, registry, shadows, jobs and retained messages live (default: ${DEFAULT-VALUE})",
            defaultValue = "qualify-cloud")
    Path dataDir;

    @Option(names = "--ca", arity = "2", paramLabel = "FILE", description = "use this CA: CERT KEY (PEM files) instead of the data dir's")
    List<Path> ca;

    @Option(names = {"--advisor", "--capture"}, description = {"record every client: each packet and connection event in memory and in",
            "DATA_DIR/capture/packets.jsonl (rotated at --capture-file-mb, two older files kept), for qualify cloud log"})
    boolean capture;

    @Option(names = "--capture-file-mb", description = "rotate the capture file at this size in MiB (default: ${DEFAULT-VALUE})",
            defaultValue = "64")
    int captureFileMb;

    @Option(names = "--io-threads", description = "event-loop threads (default: the number of processors)")
    Integer ioThreads;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile EmulatedCloud cloud;

    /** Stops a running {@code start} (for embedding and tests); Ctrl-C does the same through a shutdown hook. */
    public void stop() {
        stopped.countDown();
    }

    /** The running cloud, or null before it started. */
    public EmulatedCloud cloud() {
        return cloud;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (captureFileMb < 1) {
            err.println("qualify cloud start: --capture-file-mb must be 1 or more, not " + captureFileMb);
            return 2;
        }
        EmulatedCloudConfig config = EmulatedCloudConfig.defaults(dataDir.toAbsolutePath())
                .withPorts(port, plainPort == null ? -1 : plainPort, httpsPort == null ? -1 : httpsPort)
                .withCapture(capture)
                .withIoThreads(ioThreads == null ? Runtime.getRuntime().availableProcessors() : ioThreads)
                .withGreengrassPort(greengrassPort != null ? greengrassPort : port == 0 ? 0 : 8443);
        if (ca != null) config = config.withCa(ca.get(0), ca.get(1));
        if (controlPort != null) config = config.withControlPort(controlPort);
        try {
            cloud = EmulatedCloud.start(config);
        } catch (CloudException e) {
            err.println("qualify cloud: " + e.getMessage());
            return 3;
        }
        PacketFileWriter captureFile;
        AdminServer admin;
        try {
            captureFile = capture
                    ? new PacketFileWriter(PacketFile.of(dataDir.toAbsolutePath()), captureFileMb * 1024L * 1024L, 100_000) : null;
            if (captureFile != null) cloud.packetLog().addSink(captureFile);
            admin = AdminServer.start(cloud, dataDir.toAbsolutePath());
        } catch (UncheckedIOException e) {
            err.println("qualify cloud: " + e.getMessage() + ": " + e.getCause().getMessage());
            cloud.close();
            return 3;
        }
        Thread hook = new Thread(() -> {
            stopped.countDown();
            admin.close();
            if (captureFile != null) captureFile.close();
            // what the broker did, dropped messages included, for whoever ran it (the soak reads this line)
            out.println("Stopped. " + cloud.broker().stats());
            out.flush();
            cloud.close();
        }, "qualify-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int p = cloud.mqttEndpoint().port();
        out.println("Qualify emulated cloud is running.");
        out.println("  MQTT over mutual TLS:  mqtts://localhost:" + p + "  (127.0.0.1:" + p + "; the certificate names localhost and 127.0.0.1)");
        cloud.plainEndpoint().ifPresent(e -> out.println("  Plain MQTT (debugging only, no authentication): mqtt://127.0.0.1:" + e.port()));
        cloud.httpsEndpoint().ifPresent(e -> out.println("  HTTPS publish: https://localhost:" + e.port() + "/topics/TOPIC?qos=1"
                + "   MQTT over WebSocket: wss://localhost:" + e.port() + "/mqtt"));
        cloud.controlPlane().ifPresent(cp -> ControlPlaneBanner.print(out, cp));
        cloud.greengrassEndpoint().ifPresent(e -> out.println("  Greengrass data plane and credentials: https://localhost:" + e.port()
                + "  (thing create --greengrass prints a nucleus config)"));
        GreengrassEndpoints.write(dataDir.toAbsolutePath(), p, cloud.greengrassEndpoint().map(e -> e.port()).orElse(-1));
        out.println("  Root CA:   " + cloud.rootCaFile());
        out.println("  Data dir:  " + dataDir.toAbsolutePath());
        if (captureFile != null) out.println("  Capture:   " + captureFile.file() + "  (qualify cloud log --data-dir " + dataDir + " --follow)");
        out.println("Get a device certificate:");
        out.println("  qualify cloud thing create NAME --data-dir " + dataDir.toAbsolutePath() + " --out OUT");
        out.println("Then, for example:");
        out.println("  mosquitto_pub -h localhost -p " + p + " --cafile OUT/root-ca.pem --cert OUT/certificate.pem.crt"
                + " --key OUT/private.pem.key -i NAME -t NAME/hello -m hi");
        out.println("Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            admin.close();
            if (captureFile != null) captureFile.close();
            cloud.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }
}
