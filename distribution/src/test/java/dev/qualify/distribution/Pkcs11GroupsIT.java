package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PKCS #11 groups through the real {@code bin/qualify} on one virtual board whose token is SoftHSM2: the Core,
 * Import and Onboard groups share one image and one boot, each case credited to its group.
 */
class Pkcs11GroupsIT {
    private static final List<String> SHARED = List.of("FullPKCS11_Core", "FullPKCS11_Import_ECC",
            "FullPKCS11_Import_RSA", "FullPKCS11_Onboard_ECC", "FullPKCS11_Onboard_RSA");

    @TempDir
    Path dir;

    record Case(String classname, String name, String outcome, String message) {
    }

    @Test
    void everyPkcs11GroupPassesOnOneBoardWithOneBuildAndOneFlash() throws Exception {
        Qualify.Result r = run();
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        List<Case> cases = cases(r.runDir().resolve("junit.xml"));
        assertThat(cases).allMatch(c -> c.outcome().equals("passed"));
        assertThat(count(cases, "FullPKCS11_Core")).isEqualTo(10);
        assertThat(count(cases, "FullPKCS11_Import_ECC")).isEqualTo(9);
        assertThat(count(cases, "FullPKCS11_Import_RSA")).isEqualTo(7);
        assertThat(count(cases, "FullPKCS11_Onboard_ECC")).isEqualTo(9);
        assertThat(count(cases, "FullPKCS11_Onboard_RSA")).isEqualTo(6);
        assertThat(cases).as("each case in the group that declares it")
                .anyMatch(c -> c.classname().contains("FullPKCS11_Onboard_ECC") && c.name().equals("PKCS11_EC_GenerateKeyPair"))
                .noneMatch(c -> c.classname().contains("FullPKCS11_Import_ECC") && c.name().equals("PKCS11_EC_GenerateKeyPair"))
                .noneMatch(c -> c.classname().contains("FullPKCS11_Core") && c.name().startsWith("PKCS11_EC_"))
                .anyMatch(c -> c.classname().contains("FullPKCS11_Import_RSA") && c.name().equals("PKCS11_RSA_CreateObject"))
                .noneMatch(c -> c.classname().contains("FullPKCS11_Onboard_RSA") && c.name().equals("PKCS11_RSA_CreateObject"));
        List<String> journal = Files.readAllLines(r.runDir().resolve("journal.jsonl"), StandardCharsets.UTF_8);
        List<String> prepared = journal.stream().filter(l -> l.contains("\"event\":\"device-prepared\"")).toList();
        assertThat(prepared).hasSize(5);
        assertThat(prepared.stream().filter(l -> l.contains(", flashed\""))).as(String.join("\n", prepared)).hasSize(1);
        assertThat(prepared.stream().filter(l -> l.contains("not flashed or rebooted"))).hasSize(4);
        String builds = Files.readString(r.runDir().resolve("logs/board-1/FullPKCS11_Core/_group.log"));
        assertThat(builds).contains("(built)");
    }

    @Test
    void onlyTheRsaSignCaseFailsWithTheDevicesMessageUnderPkcs11FailRsa() throws Exception {
        Qualify.Result r = run("--pkcs11-fail-rsa");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isNotZero();
        List<Case> cases = cases(r.runDir().resolve("junit.xml"));
        List<Case> bad = cases.stream().filter(c -> !c.outcome().equals("passed")).toList();
        assertThat(bad).as(bad.toString()).hasSize(2) // the shared RSA_Sign case, credited to Import_RSA and Onboard_RSA
                .allMatch(c -> c.name().equals("PKCS11_RSA_Sign") && c.outcome().equals("failure")
                        && c.message().contains("mbedTLS failed to parse valid RSA key (verification)"));
        assertThat(cases).hasSize(41);
    }

    private Qualify.Result run(String... boardArgs) throws Exception {
        int port = VirtualPool.freePort();
        String vb = Qualify.HOME.resolve("bin/virtual-board").toString();
        StringBuilder y = new StringBuilder("pools:\n  - id: it-pool\n    features: {PKCS11: Both, KeyProvisioning: Both}\n")
                .append("    build: {command: [\"").append(vb).append("\", build, \"{{testData.sourcePath}}\", \"{{buildImagePath}}\"]}\n")
                .append("    flash: {command: [\"").append(vb).append("\", flash, \"{{buildImagePath}}\", \"{{device.workDir}}/flash.bin\"]}\n")
                .append("    boot: {banner: \"Qualify virtual board .* booting\", handshake: start, timeout: 30s, testTimeout: 90s}\n")
                .append("    devices:\n      - id: board-1\n")
                .append("        console: {type: tcp-serial, host: 127.0.0.1, port: ").append(port).append("}\n")
                .append("        power: {type: process, command: [\"").append(vb).append("\", run, --uart-port, \"").append(port)
                .append("\", --flash, \"{{device.workDir}}/flash.bin\"");
        for (String a : boardArgs) y.append(", \"").append(a).append("\"");
        y.append("]}\nsuites:\n  freertos-qualification:\n    sourcePath: ")
                .append(Qualify.HOME.resolve("samples/virtual-board/firmware")).append("\n    testStartDelayms: 5000\n");
        Path config = dir.resolve("qualify.yaml");
        Files.writeString(config, y.toString());
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--output", dir.resolve("results").toString()));
        for (String g : SHARED) {
            args.add("--group");
            args.add(g);
        }
        return Qualify.run(dir, args.toArray(String[]::new));
    }

    private static long count(List<Case> cases, String group) {
        return cases.stream().filter(c -> c.classname().contains(group + ".")).count();
    }

    static List<Case> cases(Path xml) throws Exception {
        JUnitXml.validate(xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList nodes = doc.getElementsByTagName("testcase");
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element c = (Element) nodes.item(i);
            String outcome = "passed";
            String message = null;
            for (String k : new String[]{"failure", "error", "skipped"}) {
                NodeList n = c.getElementsByTagName(k);
                if (n.getLength() > 0) {
                    outcome = k;
                    message = ((Element) n.item(0)).getAttribute("message");
                }
            }
            out.add(new Case(c.getAttribute("classname"), c.getAttribute("name"), outcome, message));
        }
        return out;
    }
}
