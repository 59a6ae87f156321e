package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FullTransportInterfaceTLS} and {@code OTACore} through the real {@code bin/qualify} on one virtual board:
 * the suite's TLS echo server (JSSE, client certificate required) and its OTA code signer against the board's TLS
 * transport and OTA PAL; then the board's {@code --wrong-tls-cert} and {@code --bad-ota-signature}.
 */
class TlsAndOtaGroupsIT {
    private static final int TLS_CASES = 14;
    private static final int OTA_CASES = 15;

    @TempDir
    Path dir;

    /** One board with the TLS and OTA features; {@code extra} are board run options. */
    private Path config(String suiteExtra, String... extra) throws IOException {
        String vb = Qualify.HOME.resolve("bin/virtual-board").toString();
        int port = VirtualPool.freePort();
        StringBuilder run = new StringBuilder();
        for (String e : extra) run.append(", \"").append(e).append('"');
        String y = "pools:\n  - id: it-pool\n    features: {PKCS11: ECC, TransportInterface: TLS, OTA: \"Yes\"}\n"
                + "    build: {command: [\"" + vb + "\", build, \"{{testData.sourcePath}}\", \"{{buildImagePath}}\"]}\n"
                + "    flash: {command: [\"" + vb + "\", flash, \"{{buildImagePath}}\", \"{{device.workDir}}/flash.bin\"]}\n"
                + "    boot: {banner: \"Qualify virtual board .* booting\", handshake: start, timeout: 30s, testTimeout: 60s}\n"
                + "    devices:\n      - id: board-1\n"
                + "        console: {type: tcp-serial, host: 127.0.0.1, port: " + port + "}\n"
                + "        power: {type: process, command: [\"" + vb + "\", run, --uart-port, \"" + port
                + "\", --flash, \"{{device.workDir}}/flash.bin\"" + run + "]}\n"
                + "suites:\n  freertos-qualification:\n    sourcePath: " + Qualify.HOME.resolve("samples/virtual-board/firmware")
                + "\n    testStartDelayms: 5000\n" + suiteExtra;
        Path f = dir.resolve("qualify.yaml");
        Files.writeString(f, y);
        return f;
    }

    private Qualify.Result run(Path config) throws Exception {
        return Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullTransportInterfaceTLS",
                "--group", "OTACore", "--output", dir.resolve("results").toString());
    }

    @Test
    void bothGroupsPassOnTheVirtualBoardWithEcAndExitZero() throws Exception {
        Qualify.Result r = run(config(""));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(TLS_CASES + OTA_CASES);
        assertThat(outcomes.values()).containsOnly("passed");
        assertThat(outcomes).containsKeys("Transport_SendRecvCompareMultithreaded", "otaPal_CloseFile_ValidSignature");
        String groupLog = Files.readString(r.runDir().resolve("logs/board-1/FullTransportInterfaceTLS/_group.log"));
        assertThat(groupLog).contains("TLS echo server listening").contains("EC P256");
    }

    @Test
    void rsaEchoServerAndRsaSha256SignerPassToo() throws Exception {
        Qualify.Result r = run(config("    echoServerConfiguration: {keyGenerationMethod: RSA}\n"
                + "    otaConfiguration:\n      codeSigningConfiguration: {signerSigningAlgorithm: RSA, signerHashingAlgorithm: SHA256}\n"));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Map<String, String> outcomes = JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-1");
        assertThat(outcomes).hasSize(TLS_CASES + OTA_CASES);
        assertThat(outcomes.values()).containsOnly("passed");
    }

    @Test
    void aWrongClientCertificateFailsTheTlsCasesAndABadSignatureFailsOnlyTheValidSignatureCase() throws Exception {
        Qualify.Result r = run(config("", "--wrong-tls-cert", "--bad-ota-signature"));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(TLS_CASES + OTA_CASES).doesNotContainValue("error");
        assertThat(outcomes.get("TransportSend_NetworkContextNullPtr")).isEqualTo("failure");
        assertThat(JUnitXml.message(xml, "Transport_SendRecvCompare")).contains("Network connect failed: TLS handshake failed");
        long tlsFailures = outcomes.entrySet().stream().filter(e -> !e.getKey().startsWith("otaPal_"))
                .filter(e -> e.getValue().equals("failure")).count();
        assertThat(tlsFailures).isEqualTo(TLS_CASES);
        assertThat(outcomes).containsEntry("otaPal_CloseFile_ValidSignature", "failure");
        assertThat(JUnitXml.message(xml, "otaPal_CloseFile_ValidSignature")).contains("Expected 0 Was 227");
        List<String> otaPassed = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("otaPal_"))
                .filter(e -> e.getValue().equals("passed")).map(Map.Entry::getKey).toList();
        assertThat(otaPassed).hasSize(OTA_CASES - 1);
    }
}
