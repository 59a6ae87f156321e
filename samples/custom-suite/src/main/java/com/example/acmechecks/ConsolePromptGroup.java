package com.example.acmechecks;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.ConsoleMatch;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.SuiteParameters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ConsolePrompt}: the booted device answers an empty line on its console with its prompt.
 *
 * <p>The engine builds, flashes and boots the device for {@link SampleFirmware} before the first test, then
 * injects the device's {@link Console}. An assertion that fails is the device's verdict (FAILED); a console that
 * stays silent until the deadline throws {@code ConsoleTimeoutException}, a lab problem (ERROR).
 */
@QualificationGroup(id = "ConsolePrompt", title = "The console answers with its prompt", required = true,
        preparation = SampleFirmware.class, cases = {"answersAnEmptyLineWithItsPrompt"})
public class ConsolePromptGroup {
    /**
     * What the Qualify virtual board prints for an empty line, with the commands it knows as group 1; set
     * {@code suites.acme-checks.promptPattern} in the config for another board.
     */
    static final String DEFAULT_PROMPT = "vboard> \\(commands: ([^)]*)\\)";

    @Test
    void answersAnEmptyLineWithItsPrompt(Console console, GroupContext group, SuiteParameters parameters) {
        Pattern prompt = Pattern.compile(parameters.string("promptPattern").orElse(DEFAULT_PROMPT));
        console.sendLine("");
        ConsoleMatch m = console.expect(prompt, group.scaled(Duration.ofSeconds(10)));
        group.transcript().note("prompt seen: " + m.text());
        if (m.groups().size() >= 1 && m.group(1) != null) {
            assertTrue(m.group(1).contains("reset"), "the prompt lists the commands " + m.group(1) + ", expected 'reset' among them");
        }
    }
}
