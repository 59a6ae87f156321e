package dev.qualify.connectors.qemu;

import dev.qualify.api.driver.DriverContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link QemuBoard} of each device, so its flasher, power and console drivers (built separately from three
 * config sections) share one emulator. Keyed by device id and run work directory, so runs in one JVM stay apart.
 */
final class QemuBoards {
    private static final Map<String, QemuBoard> BOARDS = new ConcurrentHashMap<>();

    private QemuBoards() {
    }

    /** The board of the context's device, created on first use. */
    static QemuBoard of(DriverContext ctx) {
        String key = ctx.deviceId() + "\u0000" + (ctx.workDir() == null ? "" : ctx.workDir().toAbsolutePath().normalize());
        return BOARDS.computeIfAbsent(key, k -> new QemuBoard(ctx));
    }
}
