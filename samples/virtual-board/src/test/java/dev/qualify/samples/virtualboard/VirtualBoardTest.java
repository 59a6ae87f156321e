package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualBoardTest {

    private static final String BANNER_PREFIX = "Qualify virtual board ";
    private static final List<String> TRANSPORT_CASES = List.of("TransportSend_NetworkContextNullPtr",
            "TransportSend_BufferNullPtr", "TransportSend_ZeroByteToSend", "TransportRecv_NetworkContextNullPtr",
            "TransportRecv_BufferNullPtr", "TransportRecv_ZeroByteToRecv", "Transport_SendOneByteRecvCompare",
            "Transport_SendRecvOneByteCompare", "Transport_SendRecvCompare", "Transport_SendRecvCompareMultithreaded",
            "TransportSend_RemoteDisconnect", "TransportRecv_RemoteDisconnect", "TransportRecv_NoDataToReceive",
            "TransportRecv_ReturnZeroRetry");
    private static final List<String> PKCS11_LINES = List.of(
            "TEST(Full_PKCS11_StartFinish, PKCS11_StartFinish_FirstTest) PASS",
            "TEST(Full_PKCS11_StartFinish, PKCS11_GetFunctionList) PASS",
            "TEST(Full_PKCS11_StartFinish, PKCS11_InitializeFinalize) PASS",
            "TEST(Full_PKCS11_StartFinish, PKCS11_GetSlotList) PASS",
            "TEST(Full_PKCS11_StartFinish, PKCS11_OpenSessionCloseSession) PASS",
            "TEST(Full_PKCS11_Capabilities, PKCS11_Capabilities) PASS",
            "TEST(Full_PKCS11_NoObject, PKCS11_Digest) PASS",
            "TEST(Full_PKCS11_NoObject, PKCS11_Digest_ErrorConditions) PASS",
            "TEST(Full_PKCS11_NoObject, PKCS11_GenerateRandom) PASS",
            "TEST(Full_PKCS11_NoObject, PKCS11_GenerateRandomMultiThread) PASS");

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void powerOff() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    /** An image with PKCS #11 only (fast, needs no echo server) that waits for 'start'. */
    private Path pkcs11Flash() throws Exception {
        return TestFirmware.buildAndFlash(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )",
                "TEST_START_DELAY_MS", "( 600000 )"));
    }

    private UartClient startedBoard(BoardConfig config) throws Exception {
        VirtualBoard board = closing(VirtualBoard.powerOn(config));
        UartClient uart = closing(new UartClient(board.uartPort()));
        uart.resetAndStart();
        return uart;
    }

    private static List<String> results(List<String> lines) {
        return lines.stream().filter(l -> l.contains("TEST(")).toList();
    }

    @Test
    void aResetFromTheFirstClientOfABoardHeldForAttachBootsIt() throws Exception {
        Path flash = pkcs11Flash();
        // the client's 'reset' can be read before the firmware thread leaves its attach wait; that once made
        // the board never boot. Many boards make the race likely enough to matter.
        for (int i = 0; i < 50; i++) {
            try (VirtualBoard board = VirtualBoard.powerOn(BoardConfig.defaults(flash), BoardFaults.NONE,
                    NumberedLines.NONE, 60_000);
                    UartClient uart = new UartClient(board.uartPort())) {
                uart.readTimeout(20_000);
                uart.send("reset");
                assertThat(uart.readUntil(l -> l.contains("Waiting for 'start'"))).contains("TEST_START_DELAY_MS");
            }
        }
    }

    @Test
    void bothGroupsRunForRealAgainstAnEchoServer() throws Exception {
        TestEchoServer echo = closing(new TestEchoServer());
        Path flash = TestFirmware.buildAndFlash(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )",
                "TRANSPORT_INTERFACE_TEST_ENABLED", "( 1 )", "ECHO_SERVER_PORT", "( " + echo.port() + " )",
                "TEST_START_DELAY_MS", "( 600000 )"));
        VirtualBoard board = closing(VirtualBoard.powerOn(BoardConfig.defaults(flash)));
        assertThat(board.uartPort()).isPositive();
        UartClient uart = closing(new UartClient(board.uartPort()));

        uart.send("reset");
        String banner = uart.readUntil(l -> l.startsWith(BANNER_PREFIX) && l.endsWith(" booting"));
        List<String> boot = new ArrayList<>();
        boot.add(banner);
        boot.add(uart.readLine());
        boot.add(uart.readLine());
        uart.send("start");
        uart.readUntil(VirtualBoard.END_MARKER::equals);

        assertThat(boot.get(1)).startsWith("Image ").contains("enabled: TRANSPORT_INTERFACE_TEST_ENABLED,"
                + " CORE_PKCS11_TEST_ENABLED");
        assertThat(boot.get(2)).isEqualTo("Waiting for 'start' on UART (TEST_START_DELAY_MS=600000)");
        List<String> lines = uart.lines;
        int start = lines.indexOf(VirtualBoard.START_MARKER);
        assertThat(start).isPositive();
        List<String> expected = new ArrayList<>();
        TRANSPORT_CASES.forEach(c -> expected.add("TEST(Full_TransportInterfaceTest, " + c + ") PASS"));
        expected.addAll(PKCS11_LINES);
        expected.addAll(List.of("", "-----------------------", "24 Tests 0 Failures 0 Ignored", "OK",
                VirtualBoard.END_MARKER));
        assertThat(lines.subList(start + 1, lines.size())).containsExactlyElementsOf(expected);
        assertThat(uart.rawLines).allSatisfy(raw -> assertThat(new String(raw, "UTF-8")).doesNotContain("\r"));
        assertThat(echo.disconnects.get()).as("both remote-disconnect cases sent DISCONNECT").isEqualTo(2);
        assertThat(echo.connections.get()).as("one connection per case plus the second multithreaded one")
                .isEqualTo(15);
        assertThat(board.boots()).isEqualTo(2);
    }

    @Test
    void transportCasesFailWithTheConnectErrorWhenTheEchoServerIsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path flash = TestFirmware.buildAndFlash(dir, Map.of("TRANSPORT_INTERFACE_TEST_ENABLED", "( 1 )",
                "ECHO_SERVER_PORT", "( " + closedPort + " )", "TEST_START_DELAY_MS", "( 600000 )"));
        UartClient uart = startedBoard(BoardConfig.defaults(flash));
        uart.readUntil(VirtualBoard.END_MARKER::equals);

        List<String> results = results(uart.lines);
        assertThat(results).hasSize(14);
        assertThat(results).allSatisfy(l -> assertThat(l)
                .matches("TEST\\(Full_TransportInterfaceTest, \\w+\\)transport_interface_test\\.c:\\d+::FAIL: .*")
                .contains("Expected 0 Was 1. Network connect failed: Connection refused (127.0.0.1:" + closedPort
                        + ")"));
        assertThat(uart.lines).contains("14 Tests 14 Failures 0 Ignored", "FAIL");
    }

    @Test
    void failCaseReallyPerturbsTheCheck() throws Exception {
        UartClient uart = startedBoard(BoardConfig.defaults(pkcs11Flash())
                .withFailCases(Set.of("PKCS11_Digest", "Full_PKCS11_StartFinish.PKCS11_GetSlotList")));
        uart.readUntil(VirtualBoard.END_MARKER::equals);

        List<String> results = results(uart.lines);
        assertThat(results).hasSize(10);
        assertThat(results.get(3)).matches("TEST\\(Full_PKCS11_StartFinish, PKCS11_GetSlotList\\)"
                + "core_pkcs11_test\\.c:\\d+::FAIL: Expected 336 Was 0\\. Negative Test: Improper handling of"
                + " too-small slot buffer\\.");
        assertThat(results.get(6)).matches("TEST\\(Full_PKCS11_NoObject, PKCS11_Digest\\)core_pkcs11_test\\.c:\\d+"
                + "::FAIL: Element \\d+ Expected -?\\d+ Was -?\\d+");
        assertThat(results).filteredOn(l -> l.endsWith(") PASS")).hasSize(8);
        assertThat(uart.lines).containsSubsequence("10 Tests 2 Failures 0 Ignored", "FAIL",
                VirtualBoard.END_MARKER);
    }

    @Test
    void ignoreCasePrintsIgnoreAndCountsIt() throws Exception {
        UartClient uart = startedBoard(BoardConfig.defaults(pkcs11Flash())
                .withIgnoreCases(Set.of("PKCS11_GenerateRandom")));
        uart.readUntil(VirtualBoard.END_MARKER::equals);

        assertThat(results(uart.lines)).anySatisfy(l -> assertThat(l).matches(
                "TEST\\(Full_PKCS11_NoObject, PKCS11_GenerateRandom\\)core_pkcs11_test\\.c:\\d+::IGNORE"));
        assertThat(uart.lines).containsSubsequence("10 Tests 0 Failures 1 Ignored", "OK");
    }

    @Test
    void hangAfterLinesGoesSilentButKeepsTheConnection() throws Exception {
        UartClient uart = startedBoard(BoardConfig.defaults(pkcs11Flash()).withHangAfterLines(3));
        uart.readUntil(VirtualBoard.START_MARKER::equals);
        List<String> after = List.of(uart.readLine(), uart.readLine(), uart.readLine());
        assertThat(after).containsExactlyElementsOf(PKCS11_LINES.subList(0, 3));

        uart.readTimeout(1500);
        assertThatThrownBy(uart::readLine).as("no fourth line, and no end of stream either")
                .isInstanceOf(SocketTimeoutException.class);
        uart.send("ping");
        assertThat(uart.lines).doesNotContain(VirtualBoard.END_MARKER);
    }

    @Test
    void rebootLoopBootsAgainAfterThreeResults() throws Exception {
        VirtualBoard board = closing(VirtualBoard.powerOn(BoardConfig.defaults(pkcs11Flash()).withRebootLoop(true)));
        UartClient uart = closing(new UartClient(board.uartPort()));
        uart.resetAndStart();
        uart.readUntil(VirtualBoard.START_MARKER::equals);
        int startIndex = uart.lines.size();
        String banner = uart.readUntil(l -> l.startsWith(BANNER_PREFIX));

        List<String> between = uart.lines.subList(startIndex, uart.lines.size() - 1);
        assertThat(between).containsExactlyElementsOf(PKCS11_LINES.subList(0, 3));
        assertThat(banner).endsWith(" booting");
        uart.readUntil(l -> l.startsWith("Waiting for 'start'"));
        uart.send("start");
        uart.readUntil(VirtualBoard.START_MARKER::equals);
        uart.readUntil(l -> l.startsWith(BANNER_PREFIX));
        assertThat(board.boots()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void hardFaultAfterPrintsTheFaultAndHalts() throws Exception {
        UartClient uart = startedBoard(BoardConfig.defaults(pkcs11Flash()).withHardFaultAfter(2));
        uart.readUntil(VirtualBoard.START_MARKER::equals);
        assertThat(List.of(uart.readLine(), uart.readLine(), uart.readLine())).containsExactly(
                PKCS11_LINES.get(0), PKCS11_LINES.get(1), "HardFault_Handler: Hard fault at 0x0800ABCD");
        uart.readTimeout(1000);
        assertThatThrownBy(uart::readLine).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void garbageColourAndLogPrefixDecorateTheOutput() throws Exception {
        UartClient uart = startedBoard(BoardConfig.defaults(pkcs11Flash())
                .withGarbage(true).withColor(true).withLogPrefix(true));
        uart.readUntil(l -> l.contains(VirtualBoard.END_MARKER));

        List<String> results = results(uart.lines);
        assertThat(results).hasSize(10);
        assertThat(results).allSatisfy(l -> assertThat(l)
                .matches("<INF> {1,8}\\d+ \\[QualTest  ] TEST\\(\\w+, \\w+\\) \u001B\\[42mPASS\u001B\\[0m"
                        + " \\(qualification_app_main\\.c:101\\)"));
        assertThat(uart.lines).anySatisfy(l -> assertThat(l).endsWith("] \u001B[42mOK\u001B[0m"
                + " (qualification_app_main.c:101)"));
        int first = uart.lines.indexOf(results.get(0));
        int last = uart.lines.indexOf(results.get(9));
        List<byte[]> between = uart.rawLines.subList(first, last + 1);
        long garbage = between.stream().filter(VirtualBoardTest::isGarbage).count();
        assertThat(garbage).as("one garbage line between each pair of results").isEqualTo(9);
        assertThat(between).filteredOn(VirtualBoardTest::isGarbage).allSatisfy(raw -> {
            assertThat(raw).doesNotContain((byte) '\r', (byte) '\n');
            assertThat(new String(raw, "UTF-8")).contains("\uFFFD").contains("\u001B[");
        });
    }

    private static boolean isGarbage(byte[] raw) {
        return !new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).contains("QualTest");
    }

    @Test
    void anEmptyFlashPrintsAnErrorAndIdles() throws Exception {
        Path flash = Files.createFile(dir.resolve("flash.bin"));
        VirtualBoard board = closing(VirtualBoard.powerOn(BoardConfig.defaults(flash)));
        UartClient uart = closing(new UartClient(board.uartPort()));
        uart.send("reset");
        String banner = uart.readUntil(l -> l.startsWith(BANNER_PREFIX));
        String error = uart.readLine();

        assertThat(banner).endsWith(" booting");
        assertThat(error).isEqualTo("ERROR: cannot boot: no valid firmware image in flash: " + flash + " is empty");
        // The client may have seen the power-on boot before the reset; then the reset boot repeats the two lines.
        uart.readTimeout(1000);
        List<String> more = new ArrayList<>();
        try {
            while (true) {
                more.add(uart.readLine());
            }
        } catch (SocketTimeoutException idle) {
            assertThat(more).as("after the error the board idles").isIn(List.of(), List.of(banner, error));
        }
    }

    @Test
    void withNoGroupEnabledTheRunHasZeroTests() throws Exception {
        Path flash = TestFirmware.buildAndFlash(dir, Map.of("TEST_START_DELAY_MS", "( 600000 )"));
        UartClient uart = startedBoard(BoardConfig.defaults(flash));
        uart.readUntil(VirtualBoard.END_MARKER::equals);

        assertThat(uart.lines).anySatisfy(l -> assertThat(l).endsWith(", enabled: none"));
        int start = uart.lines.indexOf(VirtualBoard.START_MARKER);
        assertThat(uart.lines.subList(start + 1, uart.lines.size())).containsExactly("", "-----------------------",
                "0 Tests 0 Failures 0 Ignored", "OK", VirtualBoard.END_MARKER);
    }

    @Test
    void aNewClientReplacesTheOldOne() throws Exception {
        VirtualBoard board = closing(VirtualBoard.powerOn(BoardConfig.defaults(pkcs11Flash())));
        UartClient first = closing(new UartClient(board.uartPort()));
        first.send("reset");
        first.readUntil(l -> l.startsWith("Waiting for 'start'"));

        UartClient second = closing(new UartClient(board.uartPort()));
        first.readTimeout(10_000);
        String line;
        while ((line = first.readLine()) != null) {
            assertThat(line).as("the first client only sees boot lines, then is disconnected")
                    .doesNotContain("TEST(");
        }
        second.send("start");
        second.readUntil(VirtualBoard.END_MARKER::equals);
        assertThat(second.lines).contains("10 Tests 0 Failures 0 Ignored");
    }

    @Test
    void anEmptyLineIsAnsweredWithThePromptSoAHarnessCanSeeTheBoardIsAlive() throws Exception {
        VirtualBoard board = closing(VirtualBoard.powerOn(BoardConfig.defaults(pkcs11Flash())));
        UartClient client = closing(new UartClient(board.uartPort()));
        client.send("");
        client.readUntil(l -> l.contains("vboard>"));
        assertThat(client.lines).anyMatch(l -> l.contains("vboard>"));
    }
}
