package dev.qualify.cloud.cli;

import picocli.CommandLine;

/** Runs {@code qualify cloud ...} on its own (without the main CLI), e.g. for benchmarks. */
public final class CloudMain {
    private CloudMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CloudCommand()).execute(args));
    }
}
