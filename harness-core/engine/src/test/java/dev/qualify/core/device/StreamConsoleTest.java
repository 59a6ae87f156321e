package dev.qualify.core.device;

import dev.qualify.api.device.ConsoleMatch;
import dev.qualify.api.device.ConsoleTimeoutException;
import dev.qualify.api.device.DeviceCrashedException;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.StreamConsole;

import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamConsoleTest {
    private final PipedOutputStream device = new PipedOutputStream();
    private final ByteArrayOutputStream toDevice = new ByteArrayOutputStream();
    private final StreamConsole console;
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();

    StreamConsoleTest() throws IOException {
        console = new StreamConsole("test-port", new PipedInputStream(device, 1 << 16), toDevice, null);
        console.setTranscript(new Transcript() {
            @Override public void received(byte[] b, int o, int l) { transcript.write(b, o, l); }
            @Override public void sent(byte[] b) { }
            @Override public void note(String t) { }
        });
    }

    @AfterEach
    void close() {
        console.close();
    }

    private void print(String s) throws IOException {
        device.write(s.getBytes(StandardCharsets.UTF_8));
        device.flush();
    }

    @Test
    void expectMatchesAcrossChunksAndConsumesThroughTheMatch() throws IOException {
        print("boot ... rea");
        print("dy> more\nnext line\n");
        ConsoleMatch m = console.expect(Pattern.compile("ready> "), Duration.ofSeconds(5));
        assertThat(m.before()).isEqualTo("boot ... ");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("more");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("next line");
    }

    @Test
    void expectAnyReturnsTheEarliestMatchAndItsIndex() throws IOException {
        print("xx FAIL yy PASS\n");
        ConsoleMatch m = console.expectAny(List.of(Pattern.compile("PASS"), Pattern.compile("FA(IL)")), Duration.ofSeconds(5));
        assertThat(m.index()).isEqualTo(1);
        assertThat(m.group(1)).isEqualTo("IL");
    }

    @Test
    void ansiSequencesAreStrippedForMatchingButKeptInTheTranscript() throws IOException {
        print("\u001b[32mPASS\u001b[0m\r\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("PASS");
        assertThat(transcript.toString(StandardCharsets.UTF_8)).contains("\u001b[32m");
    }

    @Test
    void invalidUtf8BytesBecomeReplacementCharactersAndNeverFail() throws IOException {
        device.write(new byte[]{(byte) 0xff, (byte) 0xfe, 'o', 'k', (byte) 0xc3, '\n'});
        device.flush();
        assertThat(console.readLine(Duration.ofSeconds(5))).hasValueSatisfying(l -> assertThat(l).contains("ok").contains("\uFFFD"));
    }

    @Test
    void timeoutNamesThePortWhatWasLastSeenAndHowLongItWaited() throws IOException {
        print("U-Boot 2024.01\nstarting kernel\n");
        assertThatThrownBy(() -> console.expect(Pattern.compile("login:"), Duration.ofMillis(200)))
                .isInstanceOf(ConsoleTimeoutException.class)
                .hasMessageContaining("test-port").hasMessageContaining("200 ms").hasMessageContaining("starting kernel")
                .hasMessageContaining("/login:/");
    }

    @Test
    void readLineReturnsEmptyAtItsDeadline() {
        assertThat(console.readLine(Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void aDeathStringFailsAWaitAtOnceWithTheLine() throws IOException {
        console.setDeathStrings(List.of("Hard fault"));
        print("running\nHardFault_Handler: Hard fault at 0x0800ABCD\n");
        assertThatThrownBy(() -> console.expect(Pattern.compile("never"), Duration.ofSeconds(30)))
                .isInstanceOf(DeviceCrashedException.class).hasMessageContaining("Hard fault at 0x0800ABCD");
    }

    @Test
    void theDeviceClosingTheStreamIsAPortGoneError() throws IOException {
        print("last words\n");
        device.close();
        assertThatThrownBy(() -> console.expect(Pattern.compile("never"), Duration.ofSeconds(30)))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("closed by the device side")
                .hasMessageContaining("last words")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("port-gone"));
    }

    @Test
    void aCharacterOrEscapeSplitAcrossReadsIsStillDecodedAndStripped() throws IOException, InterruptedException {
        device.write(new byte[]{'c', 'a', 'f', (byte) 0xC3});
        device.flush();
        Thread.sleep(50); // let the reader take the first half on its own
        device.write(new byte[]{(byte) 0xA9, ' ', 0x1B, '['});
        device.flush();
        Thread.sleep(50);
        print("31mred\u001b[0m plain\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("caf\u00e9 red plain");
    }

    @Test
    void linesAndMatchesInterleaveAsOneStreamWhateverWasBufferedAhead() throws IOException {
        print("one\ntwo\nthree\nfour\nfive\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("one");
        ConsoleMatch m = console.expect(Pattern.compile("thr(ee)"), Duration.ofSeconds(5));
        assertThat(m.before()).isEqualTo("two\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("four");
        assertThat(console.expect(Pattern.compile("five"), Duration.ofSeconds(5)).before()).isEmpty();
        assertThat(console.readLine(Duration.ofMillis(50))).contains("");
        assertThat(console.readLine(Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void sendLineWritesTheLineWithCrLf() {
        console.sendLine("start");
        assertThat(toDevice.toString(StandardCharsets.UTF_8)).isEqualTo("start\r\n");
    }

    @Test
    void awaitSilenceReturnsOnceTheDeviceIsQuiet() throws IOException {
        print("chatter\n");
        console.awaitSilence(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(console.lastSeen()).isEqualTo("chatter");
    }
}
