package dev.qualify.connectors.command;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.device.Command;
import dev.qualify.api.driver.Placeholders;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command template from config: {@code {command: [prog, "{{testData.sourcePath}}"], timeout: 5m, env: {...},
 * workDir: ..., shell: false}}. Placeholders expand into exactly one argument each; {@code shell: true} runs the
 * single joined string through {@code /bin/sh -c}, and only then.
 */
public record CommandSpec(List<String> template, Duration timeout, Map<String, String> env, String workDir,
                          boolean shell) {
    public static final Set<String> KEYS = Set.of("command", "timeout", "env", "workDir", "shell");

    /** Reads and checks a command section. */
    public static CommandSpec read(Map<String, Object> settings, Duration defaultTimeout) {
        Settings s = new Settings(settings).allowOnly(KEYS);
        return new CommandSpec(s.argv("command"), s.duration("timeout", defaultTimeout), s.stringMap("env"),
                s.string("workDir", null), s.bool("shell", false));
    }

    /** Expands with {@code p}, whose {@link Placeholders#secretValues()} then tell what to mask. */
    public Command expand(Placeholders p, double timeoutMultiplier) {
        Duration scaled = dev.qualify.api.support.Durations.scale(timeout, timeoutMultiplier);
        Map<String, String> expandedEnv = new HashMap<>();
        env.forEach((k, v) -> expandedEnv.put(k, p.expand(v)));
        return new Command(p.expand(template), scaled, expandedEnv, workDir == null ? null : p.expand(workDir), shell);
    }

}
