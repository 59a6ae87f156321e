package dev.qualify.distribution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a config for a pool of virtual boards on free ports, each board with its own extra arguments (the
 * misbehaviours), the same shape as configs/demo/qualify.yaml.
 */
final class VirtualPool {
    private final List<List<String>> boards = new ArrayList<>();
    /** The closed port the last dead board was given. */
    static int lastDeadPort;
    private static final List<String> DEAD = List.of("<dead>");
    private String testTimeout = "60s";
    private String features = "PKCS11: ECC";
    private String flashed = "{{buildImagePath}}";
    private String banner = "banner: \"Qualify virtual board .* booting\", ";
    private String cloud = "";
    private final String imageIdentity = "imageIdentity: \"Image ([0-9a-f]{12}) built\", ";

    VirtualPool board(String... extraArgs) {
        boards.add(List.of(extraArgs));
        return this;
    }

    /** A device whose console port nobody serves and that has no power control: it never answers. */
    VirtualPool deadBoard() {
        boards.add(DEAD);
        return this;
    }

    /**
     * The pool's features, as YAML flow mapping entries, e.g. {@code PKCS11: Both, OTA: "Yes"}. Unless they name
     * {@code DeviceAdvisor}, the pool declares {@code DeviceAdvisor: "No"}: FullCloudIoT (on by default, about a
     * minute on a board) is left to FullCloudIoTIT and the demo, so the other ITs' full runs keep their length.
     */
    VirtualPool features(String f) {
        features = f;
        return this;
    }

    /** Flash this file instead of the image Qualify built (a flash tool pointed at the wrong file). */
    VirtualPool flashFile(Path image) {
        flashed = image.toString();
        return this;
    }

    /** No {@code boot.banner}: a reboot during the tests is not seen as one by the Unity reader. */
    VirtualPool noBanner() {
        banner = "";
        return this;
    }

    /** A {@code cloud:} section, as YAML lines after {@code cloud:} (indented by two), e.g. {@code "  type: mqtt\n"}. */
    VirtualPool cloud(String section) {
        cloud = "cloud:\n" + section;
        return this;
    }

    VirtualPool testTimeout(String t) {
        testTimeout = t;
        return this;
    }

    Path write(Path dir) throws IOException {
        StringBuilder y = new StringBuilder();
        String vb = Qualify.HOME.resolve("bin/virtual-board").toString();
        String declared = features.contains("DeviceAdvisor") ? features
                : features + (features.isBlank() ? "" : ", ") + "DeviceAdvisor: \"No\"";
        y.append("pools:\n  - id: it-pool\n    features: {").append(declared).append("}\n")
                .append("    build: {command: [\"").append(vb).append("\", build, \"{{testData.sourcePath}}\", \"{{buildImagePath}}\"]}\n")
                .append("    flash: {command: [\"").append(vb).append("\", flash, \"").append(flashed).append("\", \"{{device.workDir}}/flash.bin\"]}\n")
                .append("    boot: {").append(banner).append(imageIdentity).append("handshake: start,"
                        + " timeout: 30s, testTimeout: ").append(testTimeout).append("}\n")
                .append("    devices:\n");
        for (int i = 0; i < boards.size(); i++) {
            int port = freePort();
            if (boards.get(i) == DEAD) {
                lastDeadPort = port;
                y.append("      - id: board-").append(i + 1).append("\n")
                        .append("        console: {type: tcp-serial, host: 127.0.0.1, port: ").append(port).append(", connectTimeout: 1s}\n");
                continue;
            }
            y.append("      - id: board-").append(i + 1).append("\n")
                    .append("        console: {type: tcp-serial, host: 127.0.0.1, port: ").append(port).append("}\n")
                    .append("        power: {type: process, command: [\"").append(vb).append("\", run, --uart-port, \"").append(port)
                    .append("\", --flash, \"{{device.workDir}}/flash.bin\"");
            for (String a : boards.get(i)) y.append(", \"").append(a).append("\"");
            y.append("]}\n");
        }
        y.append("suites:\n  freertos-qualification:\n    sourcePath: ")
                .append(Qualify.HOME.resolve("samples/virtual-board/firmware")).append("\n    freeRTOSVersion: 202210.01-LTS\n    testStartDelayms: 5000\n");
        y.append(cloud);
        Path f = dir.resolve("qualify.yaml");
        Files.writeString(f, y.toString());
        return f;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
