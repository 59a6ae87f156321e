package dev.qualify.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDT configuration folders through the real {@code bin/qualify}: the FreeRTOS folders of configs/idt (FRQ 2.x and
 * FRQ 1.x field names) run unchanged on two virtual boards reached as serial ports, as IDT reaches boards: the "lab"
 * here is two virtual-board processes and socat pty links at the {@code serialPort}s the folders name. Then
 * {@code config check} (valid, unknown field, broken), {@code config convert} round trip, the Greengrass-shaped SSH
 * folder (check only: the Greengrass suite has no groups yet) and IDT's other commands.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdtConfigIT {
    static final Path LAB = Path.of("/tmp/qualify-idt-lab");
    static final Path FRQ2 = Qualify.HOME.resolve("configs/idt/freertos-virtual/configs");
    static final Path FRQ1 = Qualify.HOME.resolve("configs/idt/freertos-virtual-frq1/configs");
    static final Path GG = Qualify.HOME.resolve("configs/idt/greengrass-ssh/configs");
    static final Path JENKINS_XSD = Path.of("../report-generator/src/test/resources/schemas/jenkins-junit-10.xsd").toAbsolutePath();
    static final Path APN_XSD = Path.of("../report-generator/src/main/resources/dev/qualify/report/idt/apnreport.xsd").toAbsolutePath();
    static final List<Process> lab = new ArrayList<>();
    /**
     * The lab's paths are fixed (the folders name them, as a vendor's do), so two runs of this class on one machine
     * (two checkouts testing at once) would replace each other's pty links and talk to each other's boards: the
     * class holds this lock while its lab runs.
     */
    static FileChannel labLock;
    static String idtGroups;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheLab() throws Exception {
        labLock = FileChannel.open(LAB.resolveSibling("qualify-idt-lab.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        labLock.lock(); // waits for another run's lab to end
        Files.createDirectories(LAB);
        for (int i = 1; i <= 2; i++) {
            Files.deleteIfExists(LAB.resolve("vb-" + i));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            lab.add(new ProcessBuilder(Qualify.HOME.resolve("bin/virtual-board").toString(), "run", "--uart-port", String.valueOf(port),
                    "--flash", LAB.resolve("vb-" + i + ".flash").toString()).redirectErrorStream(true)
                    .redirectOutput(LAB.resolve("board-" + i + ".log").toFile()).start());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.readString(LAB.resolve("board-" + i + ".log")).contains("listening")) {
                if (System.nanoTime() > deadline) throw new AssertionError("board " + i + " did not start");
                Thread.sleep(100);
            }
            lab.add(new ProcessBuilder("socat", "pty,raw,echo=0,link=" + LAB.resolve("vb-" + i), "TCP:127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(LAB.resolve("socat-" + i + ".log").toFile()).start());
            while (!Files.exists(LAB.resolve("vb-" + i))) {
                if (System.nanoTime() > deadline) throw new AssertionError("socat made no link for board " + i);
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopTheLab() {
        for (Process p : lab) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            if (labLock != null) labLock.close(); // releases the lock
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void theFrq2FolderRunsUnchangedAndPassesWithIdtReports() throws Exception {
        // FullCloudIoT (selected, as IDT runs it) is left out: FullCloudIoTIT runs it, and it would add a minute here
        Qualify.Result r = Qualify.run(dir, "run-suite", "--config", FRQ2.toString(), "--output", dir.resolve("results").toString(),
                "--skip-group", "FullCloudIoT");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Tests Failed:       0", "Path to AWS IoT Device Tester Report:", "Path to IDT JUnit Report:");
        assertThat(r.stderr()).contains("warning: userdata.json:", "echoServerConfiguration");
        Path run = r.runDir();
        validate(run.resolve("FRQ_Report.xml"), JENKINS_XSD);
        validate(run.resolve("awsiotdevicetester_report.xml"), APN_XSD);
        String apn = Files.readString(run.resolve("awsiotdevicetester_report.xml"));
        assertThat(apn).contains("<sku>QUALIFY-VIRTUAL-BOARD</sku>", "<executionMethod>uart</executionMethod>",
                "<version>202210.01-LTS</version>", "name=\"core-freertos\" value=\"supported\" type=\"required\"")
                .doesNotContain("<signature>");
        String logs = allLogs(run);
        assertThat(logs).contains("idt build: image build/aws_tests.bin copied", "flashing aws_tests.bin to board VB-0001 on " + LAB.resolve("vb-1"));
        idtGroups = groups(run);
        assertThat(idtGroups).contains("FullPKCS11_Core", "FreeRTOSVersion");
    }

    @Test
    @Order(2)
    void theFrq1FolderRunsThroughItsConfigJson() throws Exception {
        Qualify.Result r = Qualify.run(dir, "run", "--config", FRQ1.resolve("config.json").toString(), "--output", dir.resolve("results").toString(),
                "--group-id", "FreeRTOSVersion,FullPKCS11_Core", "--update-idt", "n", "--upgrade-test-suite", "n");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("as Qualify releases", "FullPKCS11_Core@vb-");
        assertThat(r.stderr()).contains("features.WIFI", "clientWifiConfig", "taken from the project's manifest.yml");
        assertThat(r.stdout() + r.stderr()).doesNotContain("not-a-real-password");
    }

    @Test
    @Order(3)
    void configCheckOfTheValidFolderSaysWhatWouldHappenAndExits0() throws Exception {
        Qualify.Result r = Qualify.run(dir, "config", "check", "--config", FRQ2.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("IDT configuration (FreeRTOS)", "{{config.idtRootPath}} = " + FRQ2.getParent(),
                "reached by: serial console " + LAB.resolve("vb-1") + " at 115200 8N1",
                "build (IDT buildTool, 3 argument(s)): /bin/sh " + FRQ2.resolve("build.sh"),
                LAB.resolve("vb-2") + " aws_tests.bin VB-0002",
                "FullPKCS11_Core", "would run", "not run: unselected due to feature constraints", "Would run: exit 0.");
    }

    @Test
    @Order(4)
    void anUnknownFieldIsAWarningAndExits0() throws Exception {
        Path copy = copy(FRQ2);
        Path device = copy.resolve("device.json");
        Files.writeString(device, Files.readString(device).replace("\"id\": \"vb-1\",", "\"id\": \"vb-1\", \"colour\": \"red\","));
        Qualify.Result r = Qualify.run(dir, "config", "check", "--config", copy.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).containsPattern("warning: device.json:\\d+:\\d+: devices\\[\\]\\.colour: unknown field");
    }

    @Test
    @Order(5)
    void aBrokenFolderExits2WithFileLineColumnAndKey() throws Exception {
        Path copy = copy(FRQ2);
        Path device = copy.resolve("device.json");
        Files.writeString(device, Files.readString(device).replaceFirst("\"protocol\": \"uart\"", "\"protocol\": \"uartt\""));
        Qualify.Result r = Qualify.run(dir, "config", "check", "--config", copy.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).containsPattern("device\\.json:2\\d:\\d+: \\[0\\]\\.devices\\[0\\]\\.connectivity\\.protocol: unknown protocol 'uartt'")
                .contains("did you mean 'uart'?");
        assertThat(r.stdout()).contains("Would not run");
        Qualify.Result run = Qualify.run(dir, "run", "--config", copy.toString());
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void convertRoundTripsToTheSameGroupsAndCommands() throws Exception {
        Path yaml = dir.resolve("converted/qualify.yaml");
        Qualify.Result c = Qualify.run(dir, "config", "convert", "--config", FRQ2.toString(), "--output", yaml.toString());
        assertThat(c.exitCode()).as(c.stdout() + c.stderr()).isZero();
        String text = Files.readString(yaml);
        assertThat(text).contains("# Fields with no equivalent", "echoServerConfiguration", "type: serial", "baud: 115200");
        Qualify.Result check = Qualify.run(dir, "config", "check", "--config", yaml.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        Qualify.Result r = Qualify.run(dir, "run", "--config", yaml.toString(), "--output", dir.resolve("results2").toString(),
                "--skip-group", "FullCloudIoT");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(groups(r.runDir())).isEqualTo(idtGroups == null ? groups(r.runDir()) : idtGroups);
        String logs = allLogs(r.runDir());
        assertThat(logs).contains("idt build: running /bin/sh (2 argument(s))", "idt flash: running /bin/sh (5 argument(s))",
                "flashing aws_tests.bin to board VB-0002 on " + LAB.resolve("vb-2"));
    }

    @Test
    @Order(7)
    void theGreengrassSshFolderIsCheckedAndItsDeviceWouldBeAnSshShellWithAPinnedHostKey() throws Exception {
        Path copy = copy(GG);
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", copy.resolve("id_ed25519").toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        String pub = Files.readString(copy.resolve("id_ed25519.pub")).trim();
        String[] parts = pub.split(" ");
        Files.writeString(copy.resolve("known_hosts"), "[127.0.0.1]:2222 " + parts[0] + " " + parts[1] + "\n");
        Qualify.Result r = Qualify.run(dir, "config", "check", "--config", copy.toString());
        assertThat(r.stdout()).contains("IDT configuration (Greengrass V2)",
                "reached by: SSH shell qualify@127.0.0.1:2222, key " + copy.resolve("id_ed25519") + ", host key pinned by publicKeyPath " + copy.resolve("known_hosts"),
                "shell: ssh", "knownHosts=" + copy.resolve("known_hosts"), "arch=x86_64",
                "greengrass-qualification is not installed");
        // the Greengrass suite has no groups in this version: nothing would run
        assertThat(r.exitCode()).isEqualTo(2);
        Files.delete(copy.resolve("id_ed25519"));
        Qualify.Result broken = Qualify.run(dir, "config", "check", "--config", copy.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.stderr()).containsPattern("device\\.json:\\d+:\\d+: \\[0\\]\\.devices\\[0\\]\\.connectivity").contains("id_ed25519");
    }

    @Test
    @Order(8)
    void idtsOtherCommandsAnswer() throws Exception {
        Qualify.Result products = Qualify.run(dir, "list-supported-products");
        assertThat(products.exitCode()).isZero();
        assertThat(products.stdout()).contains("FreeRTOS", "202210.01-LTS", "freertos-qualification");
        Qualify.Result versions = Qualify.run(dir, "list-supported-versions");
        assertThat(versions.exitCode()).isZero();
        assertThat(versions.stdout()).contains("Supported FreeRTOS versions:", "202210.01-LTS");
        Qualify.Result upgrade = Qualify.run(dir, "upgrade-test-suite");
        assertThat(upgrade.exitCode()).isZero();
        assertThat(upgrade.stdout()).contains("updated together, as Qualify releases");
    }

    private Path copy(Path configs) throws IOException {
        Path target = dir.resolve("copy-" + System.nanoTime()).resolve("configs");
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(configs)) {
            for (Path f : s.toList()) Files.copy(f, target.resolve(f.getFileName()));
        }
        Path userdata = target.resolve("userdata.json");
        String source = Qualify.HOME.resolve("samples/virtual-board/firmware").toString();
        Files.writeString(userdata, Files.readString(userdata).replace("../../../../samples/virtual-board/firmware", source)
                .replace("{{config.idtRootPath}}/configs/", configs + "/"));
        return target;
    }

    private static String groups(Path run) throws IOException {
        Matcher m = Pattern.compile("<testsuite name=\"([^\"]+)\"").matcher(Files.readString(run.resolve("FRQ_Report.xml")));
        TreeSet<String> out = new TreeSet<>();
        while (m.find()) out.add(m.group(1));
        return String.join(",", out);
    }

    private static String allLogs(Path run) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(run.resolve("logs"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) sb.append(Files.readString(f, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static void validate(Path xml, Path xsd) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile()).newValidator()
                .validate(new StreamSource(xml.toFile()));
    }
}
