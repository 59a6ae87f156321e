package dev.qualify.report.idt;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SampleRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdtReportWritersTest {
    static final Path JENKINS_XSD = Path.of("src/test/resources/schemas/jenkins-junit-10.xsd");

    static RunReport run() {
        TestResult retried = new TestResult("T2", "T2", "g.T2", Outcome.PASSED, null, null, null, Duration.ofMillis(5), 3, null, Map.of());
        TestResult errored = new TestResult("T3", "T3", "g.T3", Outcome.ERROR, "flash tool exited 1", "flash-failed", null, Duration.ofMillis(5), 2, null, Map.of());
        GroupResult core = new GroupResult("FullPKCS11_Core", "PKCS #11", true, "vb-1", SampleRuns.START, Duration.ofSeconds(3),
                List.of(SampleRuns.passed("vb-1", "FullPKCS11_Core", "T1"), retried));
        GroupResult optional = new GroupResult("FullTransportInterfacePlainText", "TI", false, "vb-2", SampleRuns.START, Duration.ofSeconds(2),
                List.of(errored, SampleRuns.failed("vb-2", "FullTransportInterfacePlainText", "T4", "expected 1 <got> 2"),
                        SampleRuns.skipped("vb-2", "FullTransportInterfacePlainText", "T5", "IGNORE")));
        Map<String, Object> cfg = Map.of("connectivity", Map.of("protocol", "uart", "serialPort", "/dev/ttyUSB0"),
                "properties", Map.of("sku", "SKU-1", "productVersion", "202210.01-LTS"));
        List<DeviceInfo> devices = List.of(new DeviceInfo("vb-1", "pool-1", "serial /dev/ttyUSB0", Map.of("PKCS11", "ECC"), cfg),
                new DeviceInfo("vb-2", "pool-1", "serial /dev/ttyUSB1", Map.of("PKCS11", "ECC"), cfg));
        return new RunReport("run-1", "freertos-qualification", "0.1.0", "pool-1", "0.1.0", SampleRuns.START,
                SampleRuns.START.plusSeconds(5), false, 3, devices, List.of(core, optional), List.of());
    }

    @Test
    void theSuiteReportHasIdtsLayoutWithAttemptsAndValidatesAgainstJenkinsJunit10(@TempDir Path dir) throws Exception {
        new IdtSuiteReportWriter().write(run(), dir);
        Path file = dir.resolve("FRQ_Report.xml");
        validate(file, JENKINS_XSD.toUri().toURL().toString());
        Document doc = parse(file);
        Element suites = doc.getDocumentElement();
        assertThat(suites.getAttribute("name")).isEqualTo("FRQ results");
        assertThat(suites.getAttribute("tests")).isEqualTo("5");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        assertThat(suites.getAttribute("errors")).isEqualTo("1");
        Element first = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(first.getAttribute("name")).isEqualTo("FullPKCS11_Core");
        assertThat(first.getAttribute("package")).isEmpty();
        Element tc = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(tc.getAttribute("classname")).isEqualTo("FRQ FullPKCS11_Core");
        String xml = java.nio.file.Files.readString(file);
        assertThat(xml).contains("<property name=\"attempts.T2\" value=\"3\"", "<flakyError type=\"retried\">",
                "<rerunError type=\"flash-failed\">", "<failure type=\"Failure\">expected 1 &lt;got&gt; 2</failure>",
                "<error type=\"flash-failed\">flash tool exited 1</error>", "<skipped>IGNORE</skipped>");
    }

    @Test
    void theApnReportHasTheShapeOfSection6WithoutASignatureAndValidatesAgainstItsXsd(@TempDir Path dir) throws Exception {
        new ApnReportWriter().write(run(), dir);
        Path file = dir.resolve("awsiotdevicetester_report.xml");
        validate(file, ApnReportWriter.class.getResource(ApnReportWriter.SCHEMA).toString());
        Document doc = parse(file);
        assertThat(doc.getElementsByTagName("signature").getLength()).isZero();
        assertThat(doc.getElementsByTagName("keyname").getLength()).isZero();
        assertThat(text(doc, "awsiotdevicetesterversion")).isEqualTo("qualify-0.1.0");
        assertThat(text(doc, "testsession")).isEqualTo("run-1");
        assertThat(text(doc, "sku")).isEqualTo("SKU-1");
        assertThat(text(doc, "executionMethod")).isEqualTo("uart");
        assertThat(text(doc, "version")).isEqualTo("202210.01-LTS");
        Element product = (Element) doc.getElementsByTagName("awsproduct").item(0);
        Element core = (Element) product.getElementsByTagName("feature").item(0);
        assertThat(core.getAttribute("name")).isEqualTo("core-freertos");
        assertThat(core.getAttribute("value")).isEqualTo("supported");
        assertThat(core.getAttribute("type")).isEqualTo("required");
        Element optional = (Element) product.getElementsByTagName("feature").item(1);
        assertThat(optional.getAttribute("name")).isEqualTo("FullTransportInterfacePlainText");
        assertThat(optional.getAttribute("value")).isEqualTo("not-supported");
        assertThat(optional.getAttribute("type")).isEqualTo("optional");
        Element report = (Element) doc.getElementsByTagName("report").item(0);
        assertThat(((Element) report.getElementsByTagName("testsuites").item(0)).getAttribute("name")).isEqualTo("FRQ results");
        // the embedded report is the suite report
        new IdtSuiteReportWriter().write(run(), dir);
        assertThat(parse(dir.resolve("FRQ_Report.xml")).getElementsByTagName("testcase").getLength())
                .isEqualTo(report.getElementsByTagName("testcase").getLength());
    }

    @Test
    void greengrassGetsIdtsGreengrassNames(@TempDir Path dir) throws Exception {
        RunReport r = run();
        RunReport gg = new RunReport(r.runId(), "greengrass-qualification", r.suiteVersion(), r.poolId(), r.qualifyVersion(),
                r.startedAt(), r.endedAt(), false, 0, r.devices(), r.groups(), r.notes());
        new IdtSuiteReportWriter().write(gg, dir);
        assertThat(dir.resolve("GGV2Q_Result.xml")).exists();
        assertThat(ApnReportWriter.productFeatures(gg)).containsKey("aws-iot-greengrass-v2-core");
    }

    @Test
    void aMixedRunValidatesToo(@TempDir Path dir) throws Exception {
        new IdtSuiteReportWriter().write(SampleRuns.mixed(), dir);
        new ApnReportWriter().write(SampleRuns.mixed(), dir);
        validate(dir.resolve("FRQ_Report.xml"), JENKINS_XSD.toUri().toURL().toString());
        validate(dir.resolve("awsiotdevicetester_report.xml"), ApnReportWriter.class.getResource(ApnReportWriter.SCHEMA).toString());
    }

    static void validate(Path xml, String xsd) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.newSchema(new java.net.URL(xsd)).newValidator().validate(new StreamSource(xml.toFile()));
    }

    private static Document parse(Path f) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent();
    }
}
