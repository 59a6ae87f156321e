package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --drop-port-once}: the first power-on closes the UART mid-test, the next one runs normally. */
class DropPortOnceTest {
    @TempDir
    Path dir;

    @Test
    void theFirstPowerOnDropsTheConnectionAfterTwoResultsAndTheNextRunsToTheEnd() throws Exception {
        Path flash = TestFirmware.buildAndFlash(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )",
                "TEST_START_DELAY_MS", "( 600000 )"));
        Path marker = dir.resolve("dropped");
        BoardFaults faults = new BoardFaults(false, false, marker, null, null);

        try (VirtualBoard board = VirtualBoard.powerOn(BoardConfig.defaults(flash), faults);
             UartClient uart = new UartClient(board.uartPort())) {
            uart.resetAndStart();
            uart.readUntil(VirtualBoard.START_MARKER::equals);
            assertThat(uart.readLine()).startsWith("TEST(");
            assertThat(uart.readLine()).startsWith("TEST(");
            assertThat(uart.readLine()).as("the board closed the connection: end of stream").isNull();
            assertThat(marker).exists();
        }

        try (VirtualBoard board = VirtualBoard.powerOn(BoardConfig.defaults(flash), faults);
             UartClient uart = new UartClient(board.uartPort())) {
            uart.resetAndStart();
            uart.readUntil(VirtualBoard.END_MARKER::equals);
            assertThat(uart.lines).contains("10 Tests 0 Failures 0 Ignored", "OK");
        }
    }
}
