package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The board as the distribution runs it: a separate JVM started with {@code VirtualBoardMain run}. */
class VirtualBoardProcessTest {

    @TempDir
    Path dir;

    private static String classPath() throws Exception {
        Path board = Paths.get(VirtualBoardMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path picocli = Paths.get(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path paho = Paths.get(org.eclipse.paho.client.mqttv3.MqttClient.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        return board + File.pathSeparator + picocli + File.pathSeparator + paho;
    }

    @Test
    void theRunCommandServesTheUartAndStopsOnSigterm() throws Exception {
        Path flash = TestFirmware.buildAndFlash(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )",
                "TEST_START_DELAY_MS", "( 600000 )"));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", classPath(), VirtualBoardMain.class.getName(), "run",
                "--uart-port", "0", "--flash", flash.toString(), "--fail-case", "PKCS11_Capabilities")
                .redirectErrorStream(true).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String listening = stdout.readLine();
            Matcher m = Pattern.compile("Virtual board UART listening on 127\\.0\\.0\\.1:(\\d+) \\(flash .*\\)")
                    .matcher(String.valueOf(listening));
            assertThat(m.matches()).as("first stdout line: %s", listening).isTrue();

            try (UartClient uart = new UartClient(Integer.parseInt(m.group(1)))) {
                uart.resetAndStart();
                uart.readUntil(VirtualBoard.END_MARKER::equals);
                assertThat(uart.lines).anySatisfy(l -> assertThat(l).startsWith(
                        "TEST(Full_PKCS11_Capabilities, PKCS11_Capabilities)core_pkcs11_test.c:"));
                assertThat(uart.lines).containsSubsequence("10 Tests 1 Failures 0 Ignored", "FAIL");
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the board exits on SIGTERM").isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpListsTheCommandsAndOptions() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(VirtualBoardMain.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "run",
                "--help")).isZero();
        for (String option : List.of("--uart-port", "--uart-host", "--flash", "--fail-case", "--ignore-case",
                "--hang-after-lines", "--reboot-loop", "--hard-fault-after", "--garbage", "--color", "--log-prefix",
                "--line-delay-ms")) {
            assertThat(out.toString()).contains(option);
        }
        java.io.StringWriter usage = new java.io.StringWriter();
        assertThat(VirtualBoardMain.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(usage))).isEqualTo(2);
        assertThat(usage.toString()).contains("build").contains("flash").contains("run");
    }
}
