package dev.qualify.samples.virtualboard;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link VirtualBoard} is wired and how it misbehaves.
 *
 * @param uartHost       address the UART listens on (loopback by default)
 * @param uartPort       UART TCP port; 0 picks a free one
 * @param flash          the flash file the board boots from
 * @param failCases      tests whose check is really perturbed so that they fail ({@code Name} or {@code Group.Name})
 * @param ignoreCases    tests that print IGNORE instead of running
 * @param hangAfterLines after this many lines following the start marker the board prints nothing more; -1 = never
 * @param rebootLoop     after 3 result lines the board reboots, every boot
 * @param hardFaultAfter after this many result lines the board prints a hard fault and halts; -1 = never
 * @param garbage        random bytes (invalid UTF-8, broken ANSI escapes) on lines of their own between results
 * @param color          ANSI colours on PASS, FAIL, IGNORE and OK, as {@code UNITY_OUTPUT_COLOR}
 * @param logPrefix      STM32-style log prefixes and suffixes on every line
 * @param lineDelayMs    pause after every printed line
 * @param networkDelayMs longest wait for the echo server to drop a connection after {@code DISCONNECT}
 */
public record BoardConfig(String uartHost, int uartPort, Path flash, Set<String> failCases, Set<String> ignoreCases,
                          int hangAfterLines, boolean rebootLoop, int hardFaultAfter, boolean garbage, boolean color,
                          boolean logPrefix, long lineDelayMs, long networkDelayMs) {

    /** FLIT's {@code TRANSPORT_TEST_NETWORK_DELAY_MS}. */
    public static final long DEFAULT_NETWORK_DELAY_MS = 3000;

    public BoardConfig {
        Objects.requireNonNull(uartHost, "uartHost");
        Objects.requireNonNull(flash, "flash");
        failCases = Set.copyOf(failCases);
        ignoreCases = Set.copyOf(ignoreCases);
        if (uartPort < 0 || uartPort > 65535) {
            throw new IllegalArgumentException("uartPort must be 0..65535: " + uartPort);
        }
        if (hangAfterLines < -1 || hardFaultAfter < -1 || lineDelayMs < 0 || networkDelayMs < 0) {
            throw new IllegalArgumentException("negative count or delay");
        }
    }

    /** A well-behaved board on a free loopback port. */
    public static BoardConfig defaults(Path flash) {
        return new BoardConfig("127.0.0.1", 0, flash, Set.of(), Set.of(), -1, false, -1, false, false, false, 0,
                DEFAULT_NETWORK_DELAY_MS);
    }

    public BoardConfig withUart(String host, int port) {
        return new BoardConfig(host, port, flash, failCases, ignoreCases, hangAfterLines, rebootLoop, hardFaultAfter,
                garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withFailCases(Set<String> names) {
        return new BoardConfig(uartHost, uartPort, flash, names, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withIgnoreCases(Set<String> names) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, names, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withHangAfterLines(int lines) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, lines, rebootLoop, hardFaultAfter,
                garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withRebootLoop(boolean on) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, on, hardFaultAfter,
                garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withHardFaultAfter(int results) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop, results,
                garbage, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withGarbage(boolean on) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, on, color, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withColor(boolean on) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, on, logPrefix, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withLogPrefix(boolean on) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, color, on, lineDelayMs, networkDelayMs);
    }

    public BoardConfig withLineDelayMs(long ms) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, color, logPrefix, ms, networkDelayMs);
    }

    public BoardConfig withNetworkDelayMs(long ms) {
        return new BoardConfig(uartHost, uartPort, flash, failCases, ignoreCases, hangAfterLines, rebootLoop,
                hardFaultAfter, garbage, color, logPrefix, lineDelayMs, ms);
    }

    /** True when {@code names} holds the test as {@code Name} or {@code Group.Name}. */
    static boolean names(Set<String> names, String group, String name) {
        return names.contains(name) || names.contains(group + "." + name);
    }
}
