package dev.qualify.testkit;

import dev.qualify.api.device.ConsoleTimeoutException;
import dev.qualify.api.device.DeviceCrashedException;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptedConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void playsItsOutputAndTheRealMatchingConsumesIt() {
        try (ScriptedConsole c = ScriptedConsole.playing("boot v1\nready\n")) {
            assertThat(c.expect(Pattern.compile("boot v(\\d)\\n"), WAIT).group(1)).isEqualTo("1");
            assertThat(c.readLine(WAIT)).contains("ready");
            assertThat(c.readLine(Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void holdsTheRestOfTheScriptUntilTheTestSendsTheGateLine() throws Exception {
        try (ScriptedConsole c = ScriptedConsole.script().line("ready").afterReceiving("start").line("started").open()) {
            c.expect(Pattern.compile("ready"), WAIT);
            assertThatThrownBy(() -> c.expect(Pattern.compile("started"), Duration.ofMillis(300)))
                    .isInstanceOf(ConsoleTimeoutException.class);
            assertThat(c.scriptDone()).isFalse();
            c.sendLine("start");
            c.expect(Pattern.compile("started"), WAIT);
            // the script's thread marks itself done after it played its last line, which may be just after we read it
            assertThat(c.awaitScriptDone(WAIT)).isTrue();
        }
    }

    @Test
    void aLineSentBeforeTheGateIsReachedStillReleasesIt() throws Exception {
        try (ScriptedConsole c = ScriptedConsole.script().pause(Duration.ofMillis(100)).afterReceiving("go").line("went").open()) {
            c.sendLine("go");
            assertThat(c.awaitScriptDone(WAIT)).isTrue();
            c.expect(Pattern.compile("went"), WAIT);
        }
    }

    @Test
    void recordsWhatWasSentAsTextAndAsLines() {
        try (ScriptedConsole c = ScriptedConsole.playing("")) {
            c.sendLine("one");
            c.write("two\nthr".getBytes());
            assertThat(c.sent()).isEqualTo("one\r\ntwo\nthr");
            assertThat(c.sentLines()).containsExactly("one", "two");
        }
    }

    @Test
    void aDisconnectIsPortGone() {
        try (ScriptedConsole c = ScriptedConsole.script().line("bye").disconnect().open()) {
            c.expect(Pattern.compile("bye"), WAIT);
            assertThatThrownBy(() -> c.expect(Pattern.compile("never"), WAIT))
                    .isInstanceOf(InfrastructureException.class)
                    .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("port-gone"));
        }
    }

    @Test
    void deathStringsFailWaitsAsWithARealDriver() {
        try (ScriptedConsole c = ScriptedConsole.script().pause(Duration.ofMillis(100)).line("Hard fault at 0x1").open()) {
            c.setDeathStrings(List.of("Hard fault"));
            assertThatThrownBy(() -> c.expect(Pattern.compile("never"), WAIT))
                    .isInstanceOf(DeviceCrashedException.class).hasMessageContaining("0x1");
        }
    }

    @Test
    void aScriptOpensAFreshConsoleEachTimeAndClosingIsSeen() {
        ScriptedConsole.Script s = ScriptedConsole.script().named("uart0").line("hello");
        ScriptedConsole first = s.open();
        first.expect(Pattern.compile("hello"), WAIT);
        first.close();
        assertThat(first.isClosed()).isTrue();
        try (ScriptedConsole second = s.open()) {
            assertThat(second.name()).isEqualTo("uart0");
            second.expect(Pattern.compile("hello"), WAIT);
            assertThat(second.isClosed()).isFalse();
        }
    }
}
