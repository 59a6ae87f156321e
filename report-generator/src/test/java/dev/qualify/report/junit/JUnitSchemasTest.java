package dev.qualify.report.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that the schema checks used by {@link JUnitXmlWriterTest} do reject invalid documents, including the two
 * rules that shape junit.xml: the Ant schema allows no attributes on {@code <testsuites>} and no children other
 * than failure/error/skipped in a test case; the Jenkins schema has no {@code skipped} on {@code <testsuites>}.
 */
class JUnitSchemasTest {

    private static final String SUITE = """
            <testsuite name="g" package="d" id="0" timestamp="2025-01-02T03:04:05" hostname="h" tests="1" \
            failures="0" errors="0" skipped="0" time="1.000"><properties/>%s<system-out/><system-err/></testsuite>""";

    @TempDir
    Path dir;

    @Test
    void acceptsAMinimalStrictDocument() throws Exception {
        Path xml = write("<testsuites>" + SUITE.formatted("<testcase name=\"t\" classname=\"d.c\" time=\"0.5\"/>")
                + "</testsuites>");

        assertThat(JUnitSchemas.ANT.problems(xml)).isEmpty();
        assertThat(JUnitSchemas.JENKINS.problems(xml)).isEmpty();
    }

    @Test
    void antRejectsAttributesOnTestsuites() throws Exception {
        Path xml = write("<testsuites tests=\"1\">" + SUITE.formatted("") + "</testsuites>");

        assertThat(JUnitSchemas.ANT.problems(xml)).isNotEmpty();
    }

    @Test
    void jenkinsRejectsSkippedOnTestsuites() throws Exception {
        Path xml = write("<testsuites skipped=\"0\">" + SUITE.formatted("") + "</testsuites>");

        assertThat(JUnitSchemas.JENKINS.problems(xml)).isNotEmpty();
    }

    @Test
    void antRejectsSystemOutInsideATestcase() throws Exception {
        Path xml = write("<testsuites>" + SUITE.formatted(
                "<testcase name=\"t\" classname=\"d.c\" time=\"0.5\"><system-out>x</system-out></testcase>")
                + "</testsuites>");

        assertThat(JUnitSchemas.ANT.problems(xml)).isNotEmpty();
    }

    @Test
    void jenkinsAcceptsAnAttachmentInATestcasesSystemOut() throws Exception {
        Path xml = write("<testsuites>" + SUITE.formatted(
                "<testcase name=\"t\" classname=\"d.c\" time=\"0.5\"><failure type=\"x\" message=\"m\">d</failure>"
                        + "<system-out>[[ATTACHMENT|logs/d/g/t.log]]</system-out></testcase>")
                + "</testsuites>");

        assertThat(JUnitSchemas.JENKINS.problems(xml)).isEmpty();
    }

    @Test
    void antRejectsATimestampWithAZoneAndJenkinsATimeWithFourDecimals() throws Exception {
        Path xml = write("<testsuites>" + SUITE.replace("2025-01-02T03:04:05", "2025-01-02T03:04:05Z")
                .replace("time=\"1.000\"", "time=\"1.0000\"").formatted("") + "</testsuites>");

        assertThat(JUnitSchemas.ANT.problems(xml)).anyMatch(p -> p.contains("timestamp"));
        assertThat(JUnitSchemas.JENKINS.problems(xml)).anyMatch(p -> p.contains("1.0000"));
    }

    private Path write(String xml) throws Exception {
        return Files.writeString(dir.resolve("junit.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml);
    }
}
