package com.example.acmechecks;

import dev.qualify.api.report.Outcome;
import dev.qualify.testkit.FakeBuilder;
import dev.qualify.testkit.FakeFlasher;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.RecordingPower;
import dev.qualify.testkit.ScriptedConsole;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ConsolePromptGroup} run by the test kit exactly as {@code qualify run} runs it (preparation, build,
 * flash, boot, handshake, the group's tests), on a device made of fakes: a scripted console that plays what the
 * virtual board prints, a fake builder and flasher, a recording power control.
 */
class ConsolePromptGroupTest {

    /** The virtual board's boot and its answer to an empty line, as a script. */
    static ScriptedConsole.Script board(String prompt) {
        return ScriptedConsole.script()
                .line("Qualify virtual board 0.1.0 booting")
                .line("Waiting for 'start' on UART (TEST_START_DELAY_MS=5000)")
                .afterReceiving("start")
                .line("Received 'start'")
                .afterReceiving("")
                .line(prompt);
    }

    static TestDevice device(ScriptedConsole.Script console, FakeBuilder builder, FakeFlasher flasher) {
        return TestDevice.builder("board-1").console(console).power(new RecordingPower()).builder(builder).flasher(flasher)
                .banner("Qualify virtual board .* booting").handshake("start", "Received 'start'").build();
    }

    @Test
    void passesWhenTheBoardAnswersWithItsPrompt() {
        FakeBuilder builder = new FakeBuilder();
        FakeFlasher flasher = new FakeFlasher();
        try (TestDevice device = device(board("vboard> (commands: start, reset)"), builder, flasher)) {
            GroupResults results = GroupTestKit.group(ConsolePromptGroup.class).on(device).run();
            results.assertOutcome("answersAnEmptyLineWithItsPrompt", Outcome.PASSED);
            assertEquals(1, flasher.count(), "the engine flashes the group's image once");
            assertTrue(builder.builds().get(0).sourceFiles().contains("Common/config/test_execution_config.h"),
                    "the bundled sample firmware was built: " + builder.builds());
            assertEquals("", device.lastConsole().sentLines().get(device.lastConsole().sentLines().size() - 1),
                    "the group poked the console with an empty line");
        }
    }

    @Test
    void failsWhenThePromptDoesNotListReset() {
        try (TestDevice device = device(board("vboard> (commands: start)"), new FakeBuilder(), new FakeFlasher())) {
            GroupTestKit.group(ConsolePromptGroup.class).on(device).run()
                    .assertOutcome("answersAnEmptyLineWithItsPrompt", Outcome.FAILED);
        }
    }

    @Test
    void isAnErrorOfTheLabWhenTheBoardNeverAnswers() {
        try (TestDevice device = device(board("garbled"), new FakeBuilder(), new FakeFlasher())) {
            GroupTestKit.group(ConsolePromptGroup.class).on(device).timeoutMultiplier(0.2).run()
                    .assertError("answersAnEmptyLineWithItsPrompt", "timeout");
        }
    }

    @Test
    void everyCaseIsAnErrorWhenTheFirmwareDoesNotBuild() {
        try (TestDevice device = device(board("vboard> (commands: start, reset)"), new FakeBuilder().failNext(), new FakeFlasher())) {
            GroupTestKit.group(ConsolePromptGroup.class).on(device).run()
                    .assertError("answersAnEmptyLineWithItsPrompt", "build-failed");
        }
    }
}
