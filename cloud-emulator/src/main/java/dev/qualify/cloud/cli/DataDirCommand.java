package dev.qualify.cloud.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
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

    /** The command's words below {@code qualify cloud} (e.g. {@code job create}), for its messages under any root. */
    String path() {
        Deque<String> names = new ArrayDeque<>();
        for (CommandSpec s = spec; s != null && !(s.userObject() instanceof CloudCommand); s = s.parent()) names.push(s.name());
        return String.join(" ", names);
    }
}
