package dev.qualify.testkit;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.Shell;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link Shell} with programmed results: each {@link #run} is recorded and answered by the first rule that
 * matches its argv (rules added later win over earlier ones for the same argv); a command no rule matches exits
 * with 127 and says so on stderr, as a shell would for an unknown program. Files uploaded land in an in-memory
 * remote file system that {@link #download} and {@link #remoteFile} read back. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeShell implements Shell {
    private final List<Rule> rules = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final Map<String, byte[]> files = new TreeMap<>();
    private InfrastructureException unreachable;

    /** A result with {@code exitCode} and the given output, taking no time. */
    public static CommandResult result(int exitCode, String stdout, String stderr) {
        return new CommandResult(exitCode, stdout, stderr, Duration.ZERO, false);
    }

    /** Commands whose argv equals {@code argv} exit 0 with {@code stdout}. */
    public FakeShell on(List<String> argv, String stdout) {
        return on(argv, result(0, stdout, ""));
    }

    /** Commands whose argv equals {@code argv} give {@code result}. */
    public FakeShell on(List<String> argv, CommandResult result) {
        List<String> copy = List.copyOf(argv);
        return when(c -> c.argv().equals(copy), c -> result);
    }

    /** Commands whose program (argv[0]) is {@code program} give {@code result}, whatever their arguments. */
    public FakeShell onProgram(String program, CommandResult result) {
        return when(c -> c.argv().get(0).equals(program), c -> result);
    }

    /** Commands {@code matches} accepts are answered by {@code answer}. */
    public synchronized FakeShell when(Predicate<Command> matches, Function<Command, CommandResult> answer) {
        rules.add(0, new Rule(matches, answer));
        return this;
    }

    /** From now on every call throws {@code e}, as a device that cannot be reached; null to undo. */
    public synchronized FakeShell unreachable(InfrastructureException e) {
        this.unreachable = e;
        return this;
    }

    /** Puts a file into the remote file system. */
    public synchronized FakeShell remoteFile(String remotePath, byte[] content) {
        files.put(remotePath, content.clone());
        return this;
    }

    /** A file of the remote file system (uploaded or put there), or null. */
    public synchronized byte[] remoteFile(String remotePath) {
        byte[] b = files.get(remotePath);
        return b == null ? null : b.clone();
    }

    /** The remote paths of every file, sorted. */
    public synchronized List<String> remoteFiles() {
        return List.copyOf(files.keySet());
    }

    /** Every command run, in order. */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The argv of every command run, in order. */
    public synchronized List<List<String>> argvs() {
        return commands.stream().map(Command::argv).toList();
    }

    @Override
    public synchronized CommandResult run(Command command) {
        if (unreachable != null) throw unreachable;
        commands.add(command);
        for (Rule r : rules) {
            if (r.matches().test(command)) return r.answer().apply(command);
        }
        return result(127, "", "fake shell: no result programmed for " + command.argv());
    }

    @Override
    public synchronized void upload(Path local, String remotePath) {
        if (unreachable != null) throw unreachable;
        try {
            if (Files.isDirectory(local)) {
                try (Stream<Path> tree = Files.walk(local)) {
                    for (Path p : tree.filter(Files::isRegularFile).toList()) {
                        files.put(remotePath + "/" + local.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
            } else {
                files.put(remotePath, Files.readAllBytes(local));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void download(String remotePath, Path local) {
        if (unreachable != null) throw unreachable;
        try {
            byte[] single = files.get(remotePath);
            if (single != null) {
                if (local.getParent() != null) Files.createDirectories(local.getParent());
                Files.write(local, single);
                return;
            }
            Map<String, byte[]> under = new LinkedHashMap<>();
            files.forEach((k, v) -> {
                if (k.startsWith(remotePath + "/")) under.put(k.substring(remotePath.length() + 1), v);
            });
            if (under.isEmpty()) {
                throw new InfrastructureException("transfer-failed", "fake shell: no remote file " + remotePath);
            }
            for (Map.Entry<String, byte[]> e : under.entrySet()) {
                Path target = local.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Rule(Predicate<Command> matches, Function<Command, CommandResult> answer) {
    }
}
