package dev.qualify.report.idt;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;
import dev.qualify.report.SafeText;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code awsiotdevicetester_report.xml} in IDT's {@code apnreport} shape: Qualify's and the suite's versions, the
 * session, the product with its features (supported or not, required or optional), the device pool (SKU, name,
 * features, execution method), the host OS and the suite report embedded. Written without the {@code signature}
 * and {@code keyname} elements: signing the run directory (the engine's {@code dev.qualify.core.bundle}, with
 * {@code --sign-key} or {@code qualify report sign}) inserts them right after {@code testsuiteversion}; without a
 * key they stay absent rather than faked. Valid against {@value #SCHEMA} (on the class path), signed or not.
 */
public final class ApnReportWriter implements ReportWriter {
    public static final String FILE_NAME = "awsiotdevicetester_report.xml";
    public static final String SCHEMA = "/dev/qualify/report/idt/apnreport.xsd";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport r, Path runDir) throws IOException {
        ReportFiles.write(runDir.resolve(FILE_NAME), stream -> {
            try {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
                x.writeStartDocument("UTF-8", "1.0");
                x.writeCharacters("\n");
                x.writeStartElement("apnreport");
                element(x, "awsiotdevicetesterversion", "qualify-" + r.qualifyVersion());
                element(x, "testsuiteversion", r.suiteVersion());
                x.writeStartElement("session");
                element(x, "testsession", r.runId());
                element(x, "starttime", r.startedAt().toString());
                element(x, "endtime", r.endedAt().toString());
                x.writeEndElement();
                x.writeStartElement("awsproduct");
                element(x, "name", IdtNames.product(r.suiteId()));
                element(x, "version", IdtNames.anyProperty(r, "productVersion"));
                x.writeStartElement("features");
                for (Map.Entry<String, String[]> f : productFeatures(r).entrySet()) {
                    x.writeEmptyElement("feature");
                    x.writeAttribute("name", SafeText.clean(f.getKey()));
                    x.writeAttribute("value", f.getValue()[0]);
                    x.writeAttribute("type", f.getValue()[1]);
                }
                x.writeEndElement();
                x.writeEndElement();
                DeviceInfo first = r.devices().isEmpty() ? null : r.devices().get(0);
                x.writeStartElement("device");
                element(x, "sku", first == null ? "" : IdtNames.property(first, "sku"));
                element(x, "name", r.poolId());
                x.writeStartElement("features");
                if (first != null) {
                    for (Map.Entry<String, String> f : new java.util.TreeMap<>(first.features()).entrySet()) {
                        x.writeEmptyElement("feature");
                        x.writeAttribute("name", SafeText.clean(f.getKey()));
                        x.writeAttribute("value", SafeText.clean(f.getValue()));
                    }
                }
                x.writeEndElement();
                element(x, "executionMethod", first == null ? "" : IdtNames.executionMethod(first));
                x.writeEndElement();
                x.writeStartElement("devenvironment");
                x.writeEmptyElement("os");
                x.writeAttribute("name", System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT));
                x.writeEndElement();
                x.writeStartElement("report");
                IdtJUnitXml.write(x, r);
                x.writeEndElement();
                x.writeEndElement();
                x.writeEndDocument();
                x.flush();
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + FILE_NAME, e);
            }
        });
    }

    /**
     * The product features: the core feature (required) is supported when every required group ran and passed on
     * every device it ran on; each optional group is a feature of its own, supported when it passed.
     */
    static Map<String, String[]> productFeatures(RunReport r) {
        Map<String, Boolean> passed = new LinkedHashMap<>();
        Map<String, Boolean> required = new LinkedHashMap<>();
        for (GroupResult g : r.groups()) {
            boolean ok = g.outcome() == Outcome.PASSED && !g.tests().isEmpty();
            passed.merge(g.groupId(), ok, Boolean::logicalAnd);
            required.merge(g.groupId(), g.required(), Boolean::logicalOr);
        }
        boolean core = !r.interrupted() && required.values().stream().anyMatch(b -> b);
        for (Map.Entry<String, Boolean> e : required.entrySet()) if (e.getValue()) core &= passed.get(e.getKey());
        Map<String, String[]> out = new LinkedHashMap<>();
        out.put(IdtNames.coreFeature(r.suiteId()), new String[]{core ? "supported" : "not-supported", "required"});
        for (Map.Entry<String, Boolean> e : required.entrySet()) {
            if (e.getValue()) continue;
            out.put(e.getKey(), new String[]{passed.get(e.getKey()) ? "supported" : "not-supported", "optional"});
        }
        return out;
    }

    private static void element(XMLStreamWriter x, String name, String text) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(SafeText.clean(text == null ? "" : text));
        x.writeEndElement();
    }
}
