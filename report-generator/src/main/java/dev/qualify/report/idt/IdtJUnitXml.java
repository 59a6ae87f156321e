package dev.qualify.report.idt;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SafeText;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * IDT's JUnit suite report ({@code FRQ_Report.xml}): {@code <testsuites name="FRQ results">} with one
 * {@code <testsuite>} per group (and device) and {@code <testcase classname="FRQ <group>">}. Valid against the
 * Jenkins {@code junit-10.xsd}, which has no {@code attempts} or {@code disabled} attribute: a test's attempts are
 * the suite's {@code <property name="attempts.<test>">} and, when it ran more than once, one
 * {@code <rerunError>} (it errored again) or {@code <flakyError>} (it passed in the end) per earlier attempt,
 * Surefire's way of writing retries that Jenkins reads.
 */
final class IdtJUnitXml {
    private IdtJUnitXml() {
    }

    static void write(XMLStreamWriter x, RunReport r) throws XMLStreamException {
        String prefix = IdtNames.suitePrefix(r.suiteId());
        x.writeStartElement("testsuites");
        x.writeAttribute("name", prefix + " results");
        x.writeAttribute("time", seconds(r.duration()));
        x.writeAttribute("tests", String.valueOf(r.testCount()));
        x.writeAttribute("failures", String.valueOf(r.count(Outcome.FAILED)));
        x.writeAttribute("errors", String.valueOf(r.count(Outcome.ERROR)));
        for (GroupResult g : r.groups()) {
            x.writeStartElement("testsuite");
            x.writeAttribute("name", g.groupId());
            x.writeAttribute("package", "");
            x.writeAttribute("tests", String.valueOf(g.tests().size()));
            x.writeAttribute("failures", String.valueOf(g.count(Outcome.FAILED)));
            x.writeAttribute("time", seconds(g.duration()));
            x.writeAttribute("errors", String.valueOf(g.count(Outcome.ERROR)));
            x.writeAttribute("skipped", String.valueOf(g.count(Outcome.SKIPPED)));
            x.writeAttribute("hostname", SafeText.clean(g.deviceId()));
            x.writeStartElement("properties");
            property(x, "device", g.deviceId());
            property(x, "required", String.valueOf(g.required()));
            property(x, "disabled", "0");
            for (TestResult t : g.tests()) property(x, "attempts." + t.name(), String.valueOf(Math.max(1, t.attempts())));
            x.writeEndElement();
            for (TestResult t : g.tests()) testcase(x, prefix, g, t);
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static void testcase(XMLStreamWriter x, String prefix, GroupResult g, TestResult t) throws XMLStreamException {
        x.writeStartElement("testcase");
        x.writeAttribute("classname", prefix + " " + g.groupId());
        x.writeAttribute("name", SafeText.clean(t.name()));
        x.writeAttribute("time", seconds(t.duration()));
        String msg = t.message() == null ? "" : SafeText.oneLine(t.message());
        switch (t.outcome()) {
            case FAILED -> text(x, "failure", "Failure", msg);
            case ERROR -> text(x, "error", t.errorType() == null ? "error" : t.errorType(), msg);
            case SKIPPED -> text(x, "skipped", null, msg);
            case PASSED -> {
            }
        }
        for (int i = 1; i < t.attempts(); i++) {
            if (t.outcome() == Outcome.ERROR) text(x, "rerunError", t.errorType() == null ? "error" : t.errorType(), "attempt " + i + " of " + t.attempts() + ": " + msg);
            else text(x, "flakyError", "retried", "attempt " + i + " of " + t.attempts() + " errored and was retried");
        }
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String element, String type, String text) throws XMLStreamException {
        x.writeStartElement(element);
        if (type != null) x.writeAttribute("type", SafeText.clean(type));
        x.writeCharacters(SafeText.clean(text));
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", SafeText.clean(name));
        x.writeAttribute("value", SafeText.clean(value == null ? "" : value));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, d.toMillis()) / 1000.0);
    }
}
