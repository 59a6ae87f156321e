package dev.qualify.cloud.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A {@code qualify cloud} leaf command on a data dir: its {@code --data-dir} ({@link DataDirOption}) and its streams. */
abstract class DataDirCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dataDirOption;

    /** The {@code --data-dir} given. */
    Path dataDir() {
        return dataDirOption.dataDir;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Runs a body with {@link LiveCloud} failures turned into "qualify cloud COMMAND: message" on standard error and
     * their exit code; standard output is flushed.
     */
    int live(String command, LiveCloud.Body body) {
        int code = LiveCloud.run(err(), command, body);
        out().flush();
        return code;
    }
}
