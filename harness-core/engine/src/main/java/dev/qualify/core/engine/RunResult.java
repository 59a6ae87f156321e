package dev.qualify.core.engine;

import dev.qualify.api.report.RunReport;

import java.nio.file.Path;

/** How a run ended: its exit code, its directory and its report. */
public record RunResult(int exitCode, Path runDir, RunReport report) {
}
