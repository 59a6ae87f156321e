package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ports a running {@code qualify cloud start} listens on, in {@code DATA/greengrass/endpoints.json}, so that
 * {@code thing create --greengrass} prints a nucleus configuration that reaches it.
 *
 * @param mqttPort      MQTT over mutual TLS
 * @param dataPlanePort Greengrass data plane and credentials provider, or -1 when off
 */
record GreengrassEndpoints(int mqttPort, int dataPlanePort) {
    static final GreengrassEndpoints DEFAULTS = new GreengrassEndpoints(8883, 8443);
    private static final ObjectMapper JSON = new ObjectMapper();

    static void write(Path dataDir, int mqttPort, int dataPlanePort) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve("greengrass"));
            Path tmp = dir.resolve("endpoints.json.tmp");
            JSON.writeValue(tmp.toFile(), new GreengrassEndpoints(mqttPort, dataPlanePort));
            Files.move(tmp, dir.resolve("endpoints.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the endpoints into " + dataDir, e);
        }
    }

    /** What the last {@code qualify cloud start} on this data dir wrote, or the start command's defaults. */
    static GreengrassEndpoints read(Path dataDir) {
        Path f = dataDir.resolve("greengrass").resolve("endpoints.json");
        if (!Files.exists(f)) return DEFAULTS;
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return new GreengrassEndpoints(n.path("mqttPort").asInt(8883), n.path("dataPlanePort").asInt(8443));
        } catch (IOException e) {
            return DEFAULTS;
        }
    }
}
