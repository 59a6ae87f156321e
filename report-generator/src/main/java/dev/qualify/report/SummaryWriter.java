package dev.qualify.report;

import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the IDT-style text summary ({@link ConsoleSummary}) to {@code summary.txt}; the CLI prints this file at
 * the end of a run, so the console and the run directory say the same thing.
 */
public final class SummaryWriter implements ReportWriter {
    public static final String FILE_NAME = "summary.txt";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Path runDir) throws IOException {
        String text = new ConsoleSummary().render(report, runDir);
        ReportFiles.write(runDir.resolve(FILE_NAME), out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
