package dev.qualify.connectors.process;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.driver.Placeholders;
import dev.qualify.api.support.Quoting;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code console: {type: process, command: [prog, args...]}}: a child process's stdin and stdout (stderr merged)
 * as the console. The process is started when the console is created and its tree is killed when it closes.
 */
public final class ProcessConsoleFactory implements DriverFactory<Console> {
    static final Set<String> KEYS = Set.of("command", "env", "workDir");

    @Override
    public Class<Console> capability() {
        return Console.class;
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        Settings s = new Settings(settings).allowOnly(KEYS);
        s.argv("command");
        s.stringMap("env");
    }

    @Override
    public Console create(Map<String, Object> settings, DriverContext ctx) {
        Settings s = new Settings(settings);
        Placeholders placeholders = ctx.placeholders(Map.of());
        List<String> argv = placeholders.expand(s.argv("command"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(s.stringMap("env"));
        String workDir = s.string("workDir", null);
        if (workDir != null) pb.directory(Path.of(placeholders.expand(workDir)).toFile());
        ctx.transcript().note("console process: " + Quoting.display(argv, placeholders.secretValues()));
        Process p;
        try {
            p = ctx.processes().start(pb);
        } catch (IOException e) {
            throw new InfrastructureException("command-not-found", "cannot start console process " + argv.get(0) + ": " + e.getMessage());
        }
        AutoCloseable kill = () -> {
            ProcessRegistry.destroyTree(p, Duration.ofSeconds(2));
            ctx.processes().unregister(p);
        };
        return new StreamConsole("process " + Path.of(argv.get(0)).getFileName() + " (pid " + p.pid() + ")",
                p.getInputStream(), p.getOutputStream(), kill);
    }
}
