package dev.qualify.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.ReportWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterRegistrationTest {

    @Test
    void serviceLoaderFindsTheJUnitHtmlJsonAndSummaryWriters() {
        assertThat(ServiceLoader.load(ReportWriter.class).stream().map(p -> p.get().fileName()))
                .containsExactlyInAnyOrder("junit.xml", "report.html", "results.json", "summary.txt", "FRQ_Report.xml",
                        "awsiotdevicetester_report.xml");
    }

    @Test
    void everyRegisteredWriterWritesItsFileIntoTheRunDirectory(@TempDir Path runDir) throws Exception {
        for (ReportWriter writer : ServiceLoader.load(ReportWriter.class)) {
            writer.write(SampleRuns.mixed(), runDir);
            assertThat(runDir.resolve(writer.fileName())).isNotEmptyFile();
        }
        try (var files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files are left behind")
                    .containsExactlyInAnyOrder("junit.xml", "report.html", "results.json", "summary.txt", "junit",
                            "FRQ_Report.xml", "awsiotdevicetester_report.xml");
        }
    }
}
