package dev.qualify.cloud.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --data-dir DIR} option of every {@code qualify cloud} command that works on a data dir (a picocli mixin). */
final class DataDirOption {
    @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
    Path dataDir;
}
