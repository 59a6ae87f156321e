package dev.qualify.bench.hivemq;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs HiveMQ CE embedded until the process is stopped. Usage: HiveMqBroker CONFIG_DIR DATA_DIR; CONFIG_DIR holds the
 * {@code config.xml} that run.sh writes (one mutual-TLS listener on 127.0.0.1, in-memory persistence). Prints
 * "HiveMQ started" once it accepts connections.
 */
public final class HiveMqBroker {
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path extensions = data.resolve("extensions");
        Files.createDirectories(extensions);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(config).withDataFolder(data)
                .withExtensionsFolder(extensions).build();
        hivemq.start().join();
        System.out.println("HiveMQ started");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hivemq.stop().join();
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
