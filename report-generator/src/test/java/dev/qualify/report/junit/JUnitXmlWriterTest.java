package dev.qualify.report.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.SampleRuns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JUnitXmlWriterTest {

    @TempDir
    Path runDir;

    private final JUnitXmlWriter writer = new JUnitXmlWriter("ci-host-1");

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("all passed", SampleRuns.allPassed()),
                Arguments.of("failure, error and skip", SampleRuns.mixed()),
                Arguments.of("two devices, same group", SampleRuns.twoDevices()),
                Arguments.of("markup and garbage characters", SampleRuns.hostile()),
                Arguments.of("empty interrupted run", SampleRuns.emptyInterrupted()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aggregateValidatesAgainstTheJenkinsSchema(String name, RunReport report) throws Exception {
        writer.write(report, runDir);

        Path xml = runDir.resolve("junit.xml");
        assertThat(JUnitSchemas.JENKINS.problems(xml)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void perSuiteFilesValidateAgainstAntAndJenkinsSchemas(String name, RunReport report) throws Exception {
        writer.write(report, runDir);

        List<Path> files = suiteFiles();
        assertThat(files).hasSize(report.groups().size());
        for (Path file : files) {
            assertThat(JUnitSchemas.ANT.problems(file)).as(file.toString()).isEmpty();
            assertThat(JUnitSchemas.JENKINS.problems(file)).as(file.toString()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void suiteCountsEqualTheOutcomesOfTheirTests(String name, RunReport report) throws Exception {
        writer.write(report, runDir);

        List<Element> suites = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite");
        assertThat(suites).hasSize(report.groups().size());
        for (int i = 0; i < suites.size(); i++) {
            Element suite = suites.get(i);
            GroupResult group = report.groups().get(i);
            List<Element> cases = elements(suite, "testcase");
            assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(cases.size()))
                    .isEqualTo(String.valueOf(group.tests().size()));
            assertThat(suite.getAttribute("failures"))
                    .isEqualTo(String.valueOf(count(cases, "failure"))).isEqualTo(count(group, Outcome.FAILED));
            assertThat(suite.getAttribute("errors"))
                    .isEqualTo(String.valueOf(count(cases, "error"))).isEqualTo(count(group, Outcome.ERROR));
            assertThat(suite.getAttribute("skipped"))
                    .isEqualTo(String.valueOf(count(cases, "skipped"))).isEqualTo(count(group, Outcome.SKIPPED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void suiteCountsAddUpToTheRunTotalsStatedInTheHeaderComment(String name, RunReport report) throws Exception {
        writer.write(report, runDir);

        Document doc = parse(runDir.resolve("junit.xml"));
        List<Element> suites = elements(doc.getDocumentElement(), "testsuite");
        assertThat(sum(suites, "tests")).isEqualTo(report.testCount());
        assertThat(sum(suites, "failures")).isEqualTo(report.count(Outcome.FAILED));
        assertThat(sum(suites, "errors")).isEqualTo(report.count(Outcome.ERROR));
        assertThat(sum(suites, "skipped")).isEqualTo(report.count(Outcome.SKIPPED));
        Node comment = doc.getFirstChild();
        assertThat(comment.getNodeType()).isEqualTo(Node.COMMENT_NODE);
        assertThat(comment.getTextContent()).contains(
                "tests=" + report.testCount(),
                "failures=" + report.count(Outcome.FAILED),
                "errors=" + report.count(Outcome.ERROR),
                "skipped=" + report.count(Outcome.SKIPPED),
                "exit code " + report.exitCode());
    }

    @Test
    void suitesAreNumberedFromZeroAndCarryTimestampHostnameAndDevicePackage() throws Exception {
        writer.write(SampleRuns.twoDevices(), runDir);

        List<Element> suites = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("id")).containsExactly("0", "1");
        assertThat(suites).extracting(s -> s.getAttribute("package")).containsExactly("dev-1", "dev_2");
        assertThat(suites).extracting(s -> s.getAttribute("name"))
                .containsExactly("FullPKCS11_Core", "FullPKCS11_Core");
        assertThat(suites).allSatisfy(s -> {
            assertThat(s.getAttribute("timestamp")).isEqualTo("2025-03-04T05:06:17");
            assertThat(s.getAttribute("hostname")).isEqualTo("ci-host-1");
            assertThat(s.getAttribute("time")).isEqualTo("42.000");
        });
    }

    @Test
    void sameGroupOnTwoDevicesGivesUniqueClassnameAndNamePairsWithTheDeviceFirst() throws Exception {
        writer.write(SampleRuns.twoDevices(), runDir);

        List<Element> cases = new ArrayList<>();
        for (Element suite : elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite")) {
            cases.addAll(elements(suite, "testcase"));
        }
        Set<String> keys = new HashSet<>();
        cases.forEach(c -> keys.add(c.getAttribute("classname") + "#" + c.getAttribute("name")));
        assertThat(keys).hasSize(cases.size());
        assertThat(cases).extracting(c -> c.getAttribute("classname")).containsExactly(
                "dev-1.FullPKCS11_Core.PKCS11_Digest", "dev-1.FullPKCS11_Core.PKCS11_Sign",
                "dev_2.FullPKCS11_Core.PKCS11_Digest", "dev_2.FullPKCS11_Core.PKCS11_Sign");
    }

    @Test
    void suitePropertiesNameDevicePoolSuiteRunAndRequired() throws Exception {
        writer.write(SampleRuns.twoDevices(), runDir);

        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(1);
        List<String> properties = elements(elements(suite, "properties").get(0), "property").stream()
                .map(p -> p.getAttribute("name") + "=" + p.getAttribute("value")).toList();
        assertThat(properties).contains("device=dev.2", "pool=devkits", "suite=freertos-qualification",
                "suite.version=2.5.0", "run.id=run-two-devices", "required=true", "group=FullPKCS11_Core",
                "device.feature.PKCS11=ECC", "test.PKCS11_Sign.log=logs/dev.2/FullPKCS11_Core/PKCS11_Sign.log");
    }

    @Test
    void failureErrorAndSkipCarryTheirTypeMessageAndDetail() throws Exception {
        writer.write(SampleRuns.mixed(), runDir);

        List<Element> cases = elements(elements(parse(runDir.resolve("junit.xml")).getDocumentElement(),
                "testsuite").get(0), "testcase");
        assertThat(elements(cases.get(0), "*")).extracting(Element::getTagName).containsExactly("system-out");

        Element failure = elements(cases.get(1), "failure").get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("unity");
        assertThat(failure.getAttribute("message")).isEqualTo("expected PUBACK within 5s");
        assertThat(failure.getTextContent()).startsWith("test_runner.c:42:MQTT_Publish:FAIL")
                .contains("\nline two").endsWith("Log: logs/dev-1/FullMQTT/MQTT_Publish.log");

        Element error = elements(cases.get(2), "error").get(0);
        assertThat(error.getAttribute("type")).isEqualTo("flash-failed");
        assertThat(error.getAttribute("message")).isEqualTo("flash tool exited with 1");
        assertThat(error.getTextContent()).startsWith("openocd exited with 1");

        Element skipped = elements(cases.get(3), "skipped").get(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("feature not supported");
        assertThat(cases).extracting(c -> c.getAttribute("time")).containsExactly("1.234", "2.500", "30.000", "0.000");
    }

    @Test
    void errorWithoutATypeGetsTheDefaultTypeTheAntSchemaRequires() throws Exception {
        writer.write(SampleRuns.hostile(), runDir);

        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(0);
        Element error = elements(elements(suite, "testcase").get(1), "error").get(0);
        assertThat(error.getAttribute("type")).isEqualTo("error");
        assertThat(elements(suite, "testcase").get(1).getAttribute("time")).isEqualTo("0.000");
    }

    @Test
    void markupIsEscapedAndCharactersInvalidInXmlAreStripped() throws Exception {
        writer.write(SampleRuns.hostile(), runDir);

        String raw = Files.readString(runDir.resolve("junit.xml"));
        assertThat(raw).doesNotContain("<script>", "<tag>", "\u0000", "\u0001", "\u001b", "\uFFFE");
        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(0);
        assertThat(suite.getAttribute("name")).isEqualTo("Full<MQTT>&\"");
        Element testcase = elements(suite, "testcase").get(0);
        assertThat(testcase.getAttribute("name")).isEqualTo(SampleRuns.HOSTILE_CLEANED);
        Element failure = elements(testcase, "failure").get(0);
        assertThat(failure.getAttribute("message")).isEqualTo(SampleRuns.HOSTILE_CLEANED);
        assertThat(failure.getTextContent()).startsWith(SampleRuns.HOSTILE_CLEANED + "\n" + SampleRuns.HOSTILE_CLEANED);
    }

    @Test
    void testWithoutClassNameFallsBackToDeviceAndGroupSoClassnameIsNeverEmpty() throws Exception {
        writer.write(SampleRuns.hostile(), runDir);

        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(0);
        assertThat(elements(suite, "testcase").get(1).getAttribute("classname")).isEqualTo("dev-1.Full<MQTT>&\"");
    }

    @Test
    void eachLogIsAttachedInTheSuiteSystemOut() throws Exception {
        writer.write(SampleRuns.mixed(), runDir);

        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(0);
        String out = elements(suite, "system-out").get(0).getTextContent();
        assertThat(out.lines()).containsExactly(
                "MQTT_Connect: [[ATTACHMENT|logs/dev-1/FullMQTT/MQTT_Connect.log]]",
                "MQTT_Publish: [[ATTACHMENT|logs/dev-1/FullMQTT/MQTT_Publish.log]]",
                "MQTT_Subscribe: [[ATTACHMENT|logs/dev-1/FullMQTT/MQTT_Subscribe.log]]");
        assertThat(elements(suite, "system-err")).hasSize(1);
    }

    @Test
    void eachTestCaseOfTheAggregateAttachesItsLogInItsOwnSystemOut() throws Exception {
        RunReport report = SampleRuns.mixed();
        writer.write(report, runDir);

        Element suite = elements(parse(runDir.resolve("junit.xml")).getDocumentElement(), "testsuite").get(0);
        List<Element> cases = elements(suite, "testcase");
        assertThat(cases).hasSize(4);
        for (int i = 0; i < cases.size(); i++) {
            String log = report.groups().get(0).tests().get(i).logPath();
            List<Element> out = elements(cases.get(i), "system-out");
            if (log == null) {
                assertThat(out).as(cases.get(i).getAttribute("name")).isEmpty();
            } else {
                assertThat(out).hasSize(1);
                assertThat(out.get(0).getTextContent()).isEqualTo("[[ATTACHMENT|" + log + "]]");
            }
        }
        assertThat(elements(cases.get(3), "system-out")).as("MQTT_Retain has no log").isEmpty();
    }

    @Test
    void standaloneFilesKeepTestCasesFreeOfSystemOutAsTheAntSchemaRequires() throws Exception {
        writer.write(SampleRuns.mixed(), runDir);

        Element root = parse(suiteFiles().get(0)).getDocumentElement();
        for (Element c : elements(root, "testcase")) {
            assertThat(elements(c, "system-out")).isEmpty();
        }
        assertThat(JUnitSchemas.ANT.problems(suiteFiles().get(0))).isEmpty();
    }

    @Test
    void writesOneStandaloneFilePerGroupAndDevice() throws Exception {
        writer.write(SampleRuns.twoDevices(), runDir);

        assertThat(suiteFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-FullPKCS11_Core-dev-1.xml", "TEST-FullPKCS11_Core-dev.2.xml");
        Element root = parse(runDir.resolve("junit/TEST-FullPKCS11_Core-dev.2.xml")).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuite");
        assertThat(root.hasAttribute("id")).isFalse();
        assertThat(root.hasAttribute("package")).isFalse();
        assertThat(root.getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void sameGroupAndDeviceTwiceGetsDistinctFiles() throws Exception {
        RunReport twice = SampleRuns.run("run-twice", false, 0, List.of(SampleRuns.device("dev-1")), List.of(
                SampleRuns.allPassed().groups().get(0), SampleRuns.allPassed().groups().get(0)), List.of());

        writer.write(twice, runDir);

        assertThat(suiteFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-FullPKCS11_Core-dev-1-2.xml", "TEST-FullPKCS11_Core-dev-1.xml");
    }

    @Test
    void rewritingTheReportRemovesSuiteFilesOfTheEarlierReport() throws Exception {
        writer.write(SampleRuns.twoDevices(), runDir);
        writer.write(SampleRuns.mixed(), runDir);

        assertThat(suiteFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-FullMQTT-dev-1.xml");
    }

    @Test
    void emptyRunIsAnEmptyTestsuitesElement() throws Exception {
        writer.write(SampleRuns.emptyInterrupted(), runDir);

        Element root = parse(runDir.resolve("junit.xml")).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(elements(root, "*")).isEmpty();
        assertThat(Files.readString(runDir.resolve("junit.xml"))).contains("interrupted");
    }

    @Test
    void reportsItsFileName() {
        assertThat(writer.fileName()).isEqualTo("junit.xml");
    }

    private List<Path> suiteFiles() throws IOException {
        Path dir = runDir.resolve("junit");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(xml.toFile());
    }

    /** Child elements (not descendants) with the tag, or all with "*". */
    static List<Element> elements(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && (tag.equals("*") || e.getTagName().equals(tag))) {
                out.add(e);
            }
        }
        return out;
    }

    private static long count(List<Element> cases, String child) {
        return cases.stream().filter(c -> !elements(c, child).isEmpty()).count();
    }

    private static String count(GroupResult group, Outcome outcome) {
        return String.valueOf(group.count(outcome));
    }

    private static long sum(List<Element> suites, String attribute) {
        return suites.stream().mapToLong(s -> Long.parseLong(s.getAttribute(attribute))).sum();
    }
}
