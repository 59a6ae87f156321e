package dev.qualify.core.diff;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RunDiff} as one self-contained HTML page (inline CSS, no script, nothing fetched), rendered by the
 * FreeMarker template {@code diff.ftlh}, whose HTML output format escapes every value. The page is written to a
 * temporary file beside the target first, then moved over it.
 */
public final class DiffHtml {
    private static final String TEMPLATE = "diff.ftlh";

    private DiffHtml() {
    }

    public static void write(RunDiff diff, Path file) throws IOException {
        Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(DiffHtml.class, "");
        freemarker.setDefaultEncoding(StandardCharsets.UTF_8.name());
        freemarker.setLocale(Locale.ROOT);
        freemarker.setNumberFormat("computer");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        Template template = freemarker.getTemplate(TEMPLATE);
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                template.process(Map.of("diff", diff, "summary", DiffText.summary(diff)), out);
            } catch (TemplateException e) {
                throw new IOException("cannot render " + file + ": " + e.getMessage(), e);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
