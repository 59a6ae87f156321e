package dev.qualify.testkit;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.Shell;
import dev.qualify.api.device.Command;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.SuiteParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupTestKitTest {
    @TempDir
    Path dir;

    @QualificationGroup(id = "Echo", title = "the board echoes a line")
    static class EchoGroup {
        @Test
        void echoes(Console console, Device device, SuiteParameters parameters) {
            console.sendLine("echo " + parameters.string("word").orElseThrow());
            console.expect(Pattern.compile("echo: hello\\r?\\n"), Duration.ofSeconds(5));
            assertEquals("board-1", device.id());
        }

        @Test
        void disagrees(Console console) {
            assertEquals("yes", "no", "the device said no");
        }
    }

    @QualificationGroup(id = "HostChecks", title = "checks on the host", preparation = Preparation.HostOnly.class)
    static class HostGroup {
        @Test
        void provisions(Cloud cloud, GroupContext group) {
            assertEquals("board-1", cloud.provisionThing(group.device().id()).thingName());
        }

        @Test
        void runsACommand(Shell shell) {
            assertEquals(0, shell.run(Command.of(Duration.ofSeconds(1), "true")).exitCode());
        }
    }

    private TestDevice echoBoard() {
        ScriptedConsole.Script script = ScriptedConsole.script().line("Board booting").afterReceiving("echo hello").line("echo: hello");
        return TestDevice.builder("board-1").console(script).readyPattern("booting").workDir(dir.resolve("dev")).build();
    }

    @Test
    void aGroupRunsThroughTheEngineWithItsDeviceAndParametersInjected() {
        GroupResults r = GroupTestKit.group(EchoGroup.class).on(echoBoard()).parameters(Map.of("word", "hello"))
                .runDir(dir.resolve("run")).run();
        r.assertOutcome("echoes", Outcome.PASSED);
        assertThat(r.test("disagrees").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.test("disagrees").message()).contains("the device said no");
        assertThat(r.count(Outcome.PASSED)).isEqualTo(1);
        assertThat(r.group("Echo").deviceId()).isEqualTo("board-1");
        assertThat(r.internalErrors()).isEmpty();
    }

    @Test
    void logsAreWhereTheReportLinksThem() {
        GroupResults r = GroupTestKit.group(EchoGroup.class).on(echoBoard()).parameters(Map.of("word", "hello"))
                .runDir(dir.resolve("run")).run();
        assertThat(r.logDir()).isEqualTo(dir.resolve("run").toAbsolutePath().resolve("logs/board-1"));
        assertThat(r.log("echoes")).contains("> echo hello").contains("< echo: hello");
        assertThat(r.groupLog("Echo")).contains("device prepared");
        assertThat(r.journal()).exists();
        assertThat(Files.exists(r.logDir().resolve("Echo"))).isTrue();
    }

    @Test
    void theCloudAndTheShellAreInjectedIntoAHostOnlyGroup() {
        InMemoryCloud cloud = new InMemoryCloud();
        FakeShell shell = new FakeShell().on(List.of("true"), "");
        TestDevice device = TestDevice.builder("board-1").shell(shell).build();
        GroupResults r = GroupTestKit.group(HostGroup.class).on(device).cloud(cloud).run();
        r.assertAll(Outcome.PASSED);
        assertThat(cloud.things()).containsExactly("board-1");
        assertThat(shell.argvs()).containsExactly(List.of("true"));
        assertThat(device.consoles()).as("a host-only group does not touch the console").isEmpty();
    }

    @Test
    void withoutACloudATestAskingForOneIsAnError() {
        GroupResults r = GroupTestKit.group(HostGroup.class).on(TestDevice.builder("board-1").shell(new FakeShell()).build()).run();
        assertThat(r.outcome("provisions")).isEqualTo(Outcome.ERROR);
    }

    @Test
    void assertionHelpersNameEveryResultWhenTheyFail() {
        GroupResults r = GroupTestKit.group(EchoGroup.class).on(echoBoard()).parameters(Map.of("word", "hello")).run();
        assertThatThrownBy(() -> r.assertAll(Outcome.PASSED)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("disagrees FAILED").hasMessageContaining("echoes PASSED");
        assertThatThrownBy(() -> r.test("nothing")).isInstanceOf(AssertionError.class).hasMessageContaining("no test named nothing");
    }

    @Test
    void groupsRunOneAfterAnotherOnTheSameDeviceAndEachCallReturnsItsOwnResults() {
        TestDevice device = echoBoard();
        GroupTestKit kit = GroupTestKit.groups(EchoGroup.class).on(device).parameters(Map.of("word", "hello")).cloud(new InMemoryCloud());
        GroupResults first = kit.run();
        GroupResults second = kit.run(EchoGroup.class);
        assertThat(first.groups()).hasSize(1);
        assertThat(second.groups()).hasSize(1);
        second.assertOutcome("echoes", Outcome.PASSED);
        assertThat(device.consoles()).hasSize(2).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
        assertThat(second.journal()).isNotEqualTo(first.journal());
    }
}
