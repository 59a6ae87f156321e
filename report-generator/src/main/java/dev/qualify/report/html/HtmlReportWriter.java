package dev.qualify.report.html;

import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page (inline CSS and script, no external assets) that opens
 * offline from the run directory: a timeline per device, filters by outcome, group and device, a search box, and
 * each test's log inline ({@link LogExcerpt}, read from the run directory now). It also links each test's log
 * with a relative href, so the run directory can be moved or archived as a whole.
 *
 * <p>The page is rendered by the FreeMarker template {@code report.ftlh} from an {@link HtmlModel}; the
 * {@code .ftlh} extension selects FreeMarker's HTML output format, so every interpolated value is escaped.
 */
public final class HtmlReportWriter implements ReportWriter {

    /** The file in the run directory. */
    public static final String FILE_NAME = "report.html";

    private static final String TEMPLATE = "report.ftlh";

    private static final String SCRIPT = "report.js";

    private final Configuration freemarker;
    private final String script;
    private final String scriptHash;

    public HtmlReportWriter() {
        script = loadScript();
        scriptHash = "sha256-" + Base64.getEncoder().encodeToString(sha256(script));
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
        Map<String, Object> model = Map.of("page", HtmlModel.of(report, runDir), "script", script,
                "scriptHash", scriptHash);
        ReportFiles.write(runDir.resolve(FILE_NAME), out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            try {
                template.process(model, writer);
            } catch (TemplateException e) {
                throw new IOException("cannot render " + FILE_NAME + ": " + e.getMessage(), e);
            }
            writer.flush();
        });
    }

    /**
     * The page's only script, inlined verbatim; the page's Content-Security-Policy allows exactly this script (by
     * its SHA-256), so no markup that got into the page by mistake could run.
     */
    private static String loadScript() {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IllegalStateException("missing resource " + SCRIPT);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(SCRIPT + " must not contain a closing script tag");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
