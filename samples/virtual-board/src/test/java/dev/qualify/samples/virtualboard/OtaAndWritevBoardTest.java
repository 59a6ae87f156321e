package dev.qualify.samples.virtualboard;

import dev.qualify.samples.virtualboard.ota.OtaPalTests;
import dev.qualify.samples.virtualboard.transport.SelfSignedCertificate;
import dev.qualify.samples.virtualboard.transport.TransportInterfaceTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole board running Full_OTA_PAL and the writev cases of Full_TransportInterfaceTest. */
class OtaAndWritevBoardTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void powerOff() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static String cBytes(byte[] b) {
        StringBuilder s = new StringBuilder("{ ");
        for (int i = 0; i < b.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("0x%02x", b[i] & 0xFF));
        }
        return s.append(" }").toString();
    }

    private Path otaFlash() throws Exception {
        SelfSignedCertificate signer = SelfSignedCertificate.create("EC", "CN=Qualify OTA code signer");
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer.privateKey());
        s.update(OtaPalTests.TEST_IMAGE);
        byte[] valid = s.sign();
        byte[] other = OtaPalTests.TEST_IMAGE.clone();
        other[0] ^= 1;
        s.initSign(signer.privateKey());
        s.update(other);
        byte[] invalid = s.sign();
        String pem = "-----BEGIN CERTIFICATE-----\\n" + Base64.getEncoder().encodeToString(
                signer.certificate().getEncoded()) + "\\n-----END CERTIFICATE-----\\n";
        return TestFirmware.buildAndFlash(dir, Map.of("OTA_PAL_TEST_ENABLED", "( 1 )",
                "TEST_START_DELAY_MS", "( 600000 )", "OTA_PAL_CODE_SIGNER_CERTIFICATE", "\"" + pem + "\"",
                "OTA_PAL_TEST_VALID_SIGNATURE", cBytes(valid), "OTA_PAL_TEST_INVALID_SIGNATURE", cBytes(invalid)));
    }

    private List<String> run(Path flash, BoardFaults faults) throws Exception {
        VirtualBoard board = VirtualBoard.powerOn(BoardConfig.defaults(flash), faults);
        toClose.add(board);
        UartClient uart = new UartClient(board.uartPort());
        toClose.add(uart);
        uart.resetAndStart();
        List<String> lines = new ArrayList<>();
        uart.readUntil(l -> {
            lines.add(l);
            return l.equals(VirtualBoard.END_MARKER);
        });
        return lines;
    }

    @Test
    void theOtaPalGroupPassesItsFifteenCasesInFlitOrder() throws Exception {
        List<String> lines = run(otaFlash(), BoardFaults.NONE);
        List<String> results = lines.stream().filter(l -> l.startsWith("TEST(")).toList();
        assertThat(results).hasSize(15);
        for (int i = 0; i < 15; i++) {
            assertThat(results.get(i)).isEqualTo("TEST(Full_OTA_PAL, " + OtaPalTests.CASES.get(i) + ") PASS");
        }
        assertThat(lines).contains("15 Tests 0 Failures 0 Ignored", "OK");
        assertThat(Files.exists(dir.resolve("flash.bin.fs/ota_signer_pub"))).isTrue();
        assertThat(Files.readString(dir.resolve("flash.bin.ota-state"))).contains("slot=");
    }

    @Test
    void aBadSignatureFailsExactlyTheValidSignatureCase() throws Exception {
        List<String> lines = run(otaFlash(), new BoardFaults(false, true));
        List<String> failed = lines.stream().filter(l -> l.startsWith("TEST(") && l.contains("::FAIL")).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)).startsWith("TEST(Full_OTA_PAL, otaPal_CloseFile_ValidSignature)ota_pal_test.c:")
                .endsWith("::FAIL: Expected 0 Was 227");
        assertThat(lines).contains("15 Tests 1 Failures 0 Ignored", "FAIL");
    }

    @Test
    void theWritevCasesRunWhenTheMacroIsDefined() throws Exception {
        TestEchoServer echo = new TestEchoServer();
        toClose.add(echo);
        Path project = TestFirmware.copy(dir, Map.of("TRANSPORT_INTERFACE_TEST_ENABLED", "( 1 )",
                "ECHO_SERVER_PORT", "( " + echo.port() + " )", "TEST_START_DELAY_MS", "( 600000 )"));
        Path param = project.resolve(FirmwareImage.PARAM_HEADER);
        Files.writeString(param, Files.readString(param, StandardCharsets.UTF_8).replace("#endif /* TEST_PARAM_CONFIG_H */",
                "#define TRANSPORT_TEST_EXECUTE_WRITEV_TESTS\n#endif /* TEST_PARAM_CONFIG_H */"), StandardCharsets.UTF_8);
        FirmwareImage.build(project, dir.resolve("image.zip"));
        Path flash = dir.resolve("flash.bin");
        FirmwareImage.flash(dir.resolve("image.zip"), flash);
        List<String> results = run(flash, BoardFaults.NONE).stream().filter(l -> l.startsWith("TEST(")).toList();
        assertThat(results).hasSize(23);
        for (int i = 0; i < 9; i++) {
            assertThat(results.get(14 + i)).isEqualTo("TEST(Full_TransportInterfaceTest, "
                    + TransportInterfaceTests.WRITEV_CASES.get(i) + ") PASS");
        }
    }
}
