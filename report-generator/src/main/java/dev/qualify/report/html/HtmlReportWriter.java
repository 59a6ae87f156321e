package dev.qualify.report.html;

import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page (inline CSS, no scripts, no external assets) that opens
 * offline from the run directory. It links each test's log with a relative href, so the run directory can be
 * moved or archived as a whole.
 *
 * <p>The page is rendered by the FreeMarker template {@code report.ftlh} from an {@link HtmlModel}; the
 * {@code .ftlh} extension selects FreeMarker's HTML output format, so every interpolated value is escaped.
 */
public final class HtmlReportWriter implements ReportWriter {

    /** The file in the run directory. */
    public static final String FILE_NAME = "report.html";

    private static final String TEMPLATE = "report.ftlh";

    private final Configuration freemarker;

    public HtmlReportWriter() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(HtmlReportWriter.class, "");
        freemarker.setDefaultEncoding(StandardCharsets.UTF_8.name());
        freemarker.setOutputEncoding(StandardCharsets.UTF_8.name());
        freemarker.setLocale(Locale.ROOT);
        freemarker.setNumberFormat("computer");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Path runDir) throws IOException {
        Template template = freemarker.getTemplate(TEMPLATE);
        Map<String, Object> model = Map.of("page", HtmlModel.of(report));
        ReportFiles.write(runDir.resolve(FILE_NAME), out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try {
                template.process(model, writer);
            } catch (TemplateException e) {
                throw new IOException("cannot render " + FILE_NAME + ": " + e.getMessage(), e);
            }
            writer.flush();
        });
    }
}
