package dev.qualify.samples.virtualboard;

import dev.qualify.samples.virtualboard.unity.UnityOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The firmware's console: formats lines (CR LF endings, optional STM32-style log prefix and suffix, optional ANSI
 * colours), writes them to the UART, and plays the configured misbehaviours (hang, hard fault, reboot, garbage,
 * line delay). Used by the firmware thread only.
 */
final class Console implements UnityOutput {

    /** Thrown from a result line when the board reboots ({@code --reboot-loop}). */
    static final class Reboot extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reboot() {
            super("reboot", null, false, false);
        }
    }

    static final String HARD_FAULT = "HardFault_Handler: Hard fault at 0x0800ABCD";
    static final int REBOOT_AFTER_RESULTS = 3;
    /** {@code --drop-port-once} drops the UART connection after this many result lines. */
    static final int DROP_AFTER_RESULTS = 2;

    private final Uart uart;
    private final BoardConfig config;
    private final java.nio.file.Path dropPortMarker;
    private final NumberedLines numbered;
    private long bootNanos;
    private boolean started;
    private int linesSinceStart;
    private int results;
    private BoardFaults.Crash crash;
    private boolean fallBack;

    /**
     * @param dropPortMarker {@link BoardFaults#dropPortMarker()}; null never drops the port
     * @param numbered       the numbered lines each boot prints ({@link NumberedLines#NONE} for none)
     */
    Console(Uart uart, BoardConfig config, java.nio.file.Path dropPortMarker, NumberedLines numbered) {
        this.uart = uart;
        this.config = config;
        this.dropPortMarker = dropPortMarker;
        this.numbered = numbered;
    }

    /** The boot's test run has {@code results} results: the numbered lines are spread over them. */
    void expectResults(int results) {
        numbered.spreadOver(results);
    }

    /** Reboot once after {@value #REBOOT_AFTER_RESULTS} result lines (the board falls back to its other image). */
    void fallBackOnce() {
        this.fallBack = true;
    }

    /** Crash as {@code crash} says after its number of result lines; null never. */
    void crashAfter(BoardFaults.Crash crash) {
        this.crash = crash;
    }

    /** A new boot: the tick count and the misbehaviour counters start again. */
    void boot() {
        bootNanos = System.nanoTime();
        started = false;
        linesSinceStart = 0;
        results = 0;
    }

    @Override
    public void line(String text) throws InterruptedException {
        emit(decorate(text).getBytes(StandardCharsets.UTF_8));
    }

    /** Prints the start marker; from here on lines and results are counted. */
    void startMarker(String marker) throws InterruptedException {
        line(marker);
        started = true;
        linesSinceStart = 0;
        if (config.hardFaultAfter() == 0) {
            hardFault();
        }
    }

    @Override
    public void result(String text) throws InterruptedException {
        numbered.beforeResult(this::line);
        if (config.garbage() && results > 0) {
            emit(garbage());
        }
        line(text);
        results++;
        if (crash != null && results >= crash.afterResults()) {
            crash.action().run();
        }
        if (config.hardFaultAfter() > 0 && results >= config.hardFaultAfter()) {
            hardFault();
        }
        if (fallBack && results >= REBOOT_AFTER_RESULTS) {
            fallBack = false;
            throw new Reboot();
        }
        if (config.rebootLoop() && results >= REBOOT_AFTER_RESULTS) {
            throw new Reboot();
        }
        if (dropPortMarker != null && results == DROP_AFTER_RESULTS) {
            dropPortOnce();
        }
    }

    /**
     * The first time (no marker file yet): writes the marker, closes the UART connection as a pulled USB cable
     * would, and halts; the next power-on finds the marker and runs normally.
     */
    private void dropPortOnce() throws InterruptedException {
        try {
            java.nio.file.Files.createFile(dropPortMarker);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("--drop-port-once: cannot write " + dropPortMarker + ": " + e.getMessage(), e);
        }
        uart.disconnect();
        halt();
    }

    @Override
    public String word(String word) {
        if (!config.color()) {
            return word;
        }
        String colour = switch (word) {
            case "PASS", "OK" -> "42";
            case "FAIL" -> "41";
            case "IGNORE" -> "43";
            default -> "0";
        };
        return "\u001B[" + colour + "m" + word + "\u001B[0m";
    }

    /** Prints the hard-fault line and halts until the board is reset or powered off. */
    private void hardFault() throws InterruptedException {
        line(HARD_FAULT);
        halt();
    }

    /** Stops forever: only a reset or power-off (an interrupt) ends it. */
    static void halt() throws InterruptedException {
        while (true) {
            Thread.sleep(60_000);
        }
    }

    private void emit(byte[] text) throws InterruptedException {
        if (started && config.hangAfterLines() >= 0 && linesSinceStart >= config.hangAfterLines()) {
            halt();
        }
        byte[] line = new byte[text.length + 2];
        System.arraycopy(text, 0, line, 0, text.length);
        line[text.length] = '\r';
        line[text.length + 1] = '\n';
        uart.write(line);
        if (started) {
            linesSinceStart++;
        }
        if (config.lineDelayMs() > 0) {
            Thread.sleep(config.lineDelayMs());
        }
    }

    private String decorate(String text) {
        if (!config.logPrefix()) {
            return text;
        }
        long ticks = (System.nanoTime() - bootNanos) / 1_000_000L;
        return String.format("<INF> %8d [QualTest  ] %s (qualification_app_main.c:101)", ticks, text);
    }

    /**
     * A line of noise: a broken ANSI escape, bytes that are not valid UTF-8, control characters and punctuation
     * (no letters, so it cannot spell a Unity word), never CR or LF.
     */
    private static byte[] garbage() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1B, '[', (byte) ('0' + r.nextInt(10))}); // CSI without its final byte
        out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}); // invalid UTF-8
        byte[] punctuation = "#$%&*+=~^|<>{}0123456789 ".getBytes(StandardCharsets.US_ASCII);
        int n = 8 + r.nextInt(24);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            if (kind == 0) {
                out.write(0x80 + r.nextInt(0x80)); // high byte: a lone continuation or a truncated sequence
            } else if (kind == 1) {
                int[] controls = {0x00, 0x07, 0x08, 0x1B};
                out.write(controls[r.nextInt(controls.length)]);
            } else {
                out.write(punctuation[r.nextInt(punctuation.length)]);
            }
        }
        out.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82}); // truncated 3-byte sequence
        return out.toByteArray();
    }
}
