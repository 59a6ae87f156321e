package dev.qualify.report.idt;

import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code <SUITE>_Report.xml} ({@code FRQ_Report.xml}, {@code GGV2Q_Result.xml}): IDT's JUnit suite report. */
public final class IdtSuiteReportWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "FRQ_Report.xml";
    }

    /** The file this writes for {@code report}. */
    public static String fileName(RunReport report) {
        return IdtNames.reportFile(report.suiteId());
    }

    @Override
    public void write(RunReport report, Path runDir) throws IOException {
        ReportFiles.write(runDir.resolve(fileName(report)), stream -> {
            try {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
                x.writeStartDocument("UTF-8", "1.0");
                x.writeCharacters("\n");
                IdtJUnitXml.write(x, report);
                x.writeEndDocument();
                x.flush();
                stream.write("\n".getBytes(StandardCharsets.UTF_8));
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + fileName(report), e);
            }
        });
    }
}
