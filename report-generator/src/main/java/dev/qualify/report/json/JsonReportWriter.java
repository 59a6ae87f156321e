package dev.qualify.report.json;

import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code results.json}: the run as a {@link JsonReport} document, UTF-8, indented, for scripts and
 * dashboards. The field names are a contract, documented in the module's README.
 */
public final class JsonReportWriter implements ReportWriter {

    /** The file in the run directory. */
    public static final String FILE_NAME = "results.json";

    private static final ObjectWriter WRITER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build()
            .writerFor(JsonReport.class);

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Path runDir) throws IOException {
        JsonReport document = JsonReport.of(report);
        ReportFiles.write(runDir.resolve(FILE_NAME), out -> {
            WRITER.writeValue(out, document);
            out.write('\n');
        });
    }
}
