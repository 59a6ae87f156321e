package dev.qualify.report.junit;

import dev.qualify.report.RetriedRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Retried tests in JUnit XML, the way Surefire writes reruns and Jenkins reads them. */
class RetriedRunsJUnitXmlTest {
    @TempDir
    Path runDir;

    @Test
    void theAggregateCarriesFlakyAndRerunErrorsAndValidatesAgainstTheJenkinsSchema() throws Exception {
        new JUnitXmlWriter("ci-host").write(RetriedRuns.run(), runDir);
        Path xml = runDir.resolve("junit.xml");
        assertThat(JUnitSchemas.JENKINS.problems(xml)).isEmpty();
        assertThat(JUnitSchemas.ANT.problems(xml)).as("the Ant schema has no rerun elements").isNotEmpty();

        Element send = testcase(xml, "Transport_Send");
        assertThat(send.getElementsByTagName("error").getLength()).as("the flaky test passed").isZero();
        NodeList flaky = send.getElementsByTagName("flakyError");
        assertThat(flaky.getLength()).isEqualTo(1);
        Element f = (Element) flaky.item(0);
        assertThat(f.getAttribute("type")).isEqualTo("port-gone");
        assertThat(f.getAttribute("message")).isEqualTo("port <gone> & \"lost\"");
        assertThat(f.getElementsByTagName("stackTrace").item(0).getTextContent())
                .contains("Attempt 1 on device dev-1").contains("closed by the device side")
                .contains("Log: logs/dev-1/FullTransportInterfacePlainText/Transport_Send.log");

        Element recv = testcase(xml, "Transport_Recv");
        assertThat(recv.getElementsByTagName("error").getLength()).isEqualTo(1);
        assertThat(recv.getElementsByTagName("rerunError").getLength()).as("the earlier run of an error that stayed").isEqualTo(1);
        assertThat(recv.getElementsByTagName("flakyError").getLength()).isZero();

        Element connect = testcase(xml, "Transport_Connect");
        for (String element : new String[]{"error", "failure", "flakyError", "flakyFailure", "rerunError", "rerunFailure"}) {
            assertThat(connect.getElementsByTagName(element).getLength()).as("passed on its first run: no " + element).isZero();
        }
    }

    @Test
    void suiteFilesKeepTheFinalOutcomeOnlyAndStayValidAgainstTheAntSchema() throws Exception {
        new JUnitXmlWriter("ci-host").write(RetriedRuns.run(), runDir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runDir.resolve("junit"), "TEST-*.xml")) {
            s.forEach(files::add);
        }
        assertThat(files).hasSize(2);
        for (Path file : files) {
            assertThat(JUnitSchemas.ANT.problems(file)).as(file.getFileName().toString()).isEmpty();
            assertThat(JUnitSchemas.JENKINS.problems(file)).isEmpty();
            assertThat(Files.readString(file)).doesNotContain("flakyError").doesNotContain("rerunError");
        }
    }

    private static Element testcase(Path xml, String name) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) return c;
        }
        throw new AssertionError("no testcase " + name);
    }
}
