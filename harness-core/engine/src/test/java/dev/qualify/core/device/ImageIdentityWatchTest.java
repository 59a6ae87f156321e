package dev.qualify.core.device;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.StreamConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageIdentityWatchTest {
    private final PipedOutputStream device = new PipedOutputStream();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final StringBuilder read = new StringBuilder();
    private final ImageIdentityWatch watch = new ImageIdentityWatch("board-1", Pattern.compile("Image ([0-9a-f]{12}) built"));
    private final StreamConsole console;

    ImageIdentityWatchTest() throws IOException {
        console = new StreamConsole("test-port", new PipedInputStream(device, 1 << 16), new ByteArrayOutputStream(), null);
        console.setTranscript(watch.tap(new Transcript() {
            @Override public void received(byte[] b, int o, int l) { logged.write(b, o, l); }
            @Override public void read(CharSequence text) { read.append(text); }
            @Override public void sent(byte[] b) { }
            @Override public void note(String t) { }
        }, console));
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
    void identityLinesSplitAcrossReadsAndColouredAreSeenAndEveryByteStillReachesTheTranscript() throws IOException {
        print("Qualify virtual board booting\r\nImage 1f24");
        print("4eaa7030 \u001B[32mbuilt\u001B[0m today\r\nWaiting for 'start'\r\n");
        console.expect(Pattern.compile("Waiting for 'start'"), Duration.ofSeconds(5));
        assertThat(watch.seen()).containsExactly("1f244eaa7030");
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEqualTo("Qualify virtual board booting\r\nImage 1f244eaa7030 "
                + "\u001B[32mbuilt\u001B[0m today\r\nWaiting for 'start'\r\n");
        watch.newBoot();
        assertThat(watch.seen()).as("a new boot forgets the last").isEmpty();
    }

    @Test
    void whatAReaderTakesFromTheConsoleStillReachesTheTranscriptForTheTestsLog() throws IOException {
        print("Image 1f244eaa7030 built\nReconnected to the broker\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("Image 1f244eaa7030 built");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("Reconnected to the broker");
        assertThat(read.toString()).contains("Image 1f244eaa7030 built").contains("Reconnected to the broker");
    }

    @Test
    void onceArmedAnIdentityOfAnotherImageEndsTheConsolesWaitsWithWrongImage() throws IOException {
        print("Image 1f244eaa7030 built\n");
        console.expect(Pattern.compile("built\n"), Duration.ofSeconds(5));
        watch.arm("1f244eaa7030"::equals, "aws_tests.bin (SHA-256 1f244eaa7030...)");
        print("TEST(Suite, A) PASS\nImage 1f244eaa7030 built\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("TEST(Suite, A) PASS");
        assertThat(console.readLine(Duration.ofSeconds(5))).as("the same image again: a reboot, not a wrong image")
                .contains("Image 1f244eaa7030 built");
        print("Image e15bf8051234 built\nTEST(Suite, B) PASS\n");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 3; i++) console.readLine(Duration.ofSeconds(5));
        }).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("printed image identity 'e15bf8051234'")
                .hasMessageContaining("aws_tests.bin (SHA-256 1f244eaa7030...)")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("wrong-image"));
        assertThat(watch.seen()).containsExactly("1f244eaa7030", "1f244eaa7030", "e15bf8051234");
    }

    @Test
    void anImageServedOverTheAirIsExpectedButOneNobodyFlashedOrServedIsStillWrongImage() throws IOException {
        print("Image 1f244eaa7030 built\n");
        console.expect(Pattern.compile("built\n"), Duration.ofSeconds(5));
        watch.arm("1f244eaa7030"::equals, "aws_tests.bin (SHA-256 1f244eaa7030...)");
        watch.alsoExpect("0ddba11c0ffe"::equals, "ota-0.9.2.bin (SHA-256 0ddba11c0ffe...)");
        print("Image 0ddba11c0ffe built\nself-test passed\nImage 1f244eaa7030 built\nrolled back\n");
        for (String expected : new String[]{"Image 0ddba11c0ffe built", "self-test passed", "Image 1f244eaa7030 built",
                "rolled back"}) {
            assertThat(console.readLine(Duration.ofSeconds(5))).as("the served image, then a roll-back to the flashed one")
                    .contains(expected);
        }
        print("Image e15bf8051234 built\nTEST(Suite, B) PASS\n");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 3; i++) console.readLine(Duration.ofSeconds(5));
        }).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("printed image identity 'e15bf8051234'")
                .hasMessageContaining("the images the group served are ota-0.9.2.bin (SHA-256 0ddba11c0ffe...)")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("wrong-image"));
    }

    @Test
    void aNewBootForgetsTheImagesServedDuringThePreviousOne() throws IOException {
        watch.arm("1f244eaa7030"::equals, "aws_tests.bin");
        watch.alsoExpect("0ddba11c0ffe"::equals, "ota-0.9.2.bin");
        watch.newBoot();
        watch.arm("1f244eaa7030"::equals, "aws_tests.bin");
        print("Image 0ddba11c0ffe built\nafter\n");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 2; i++) console.readLine(Duration.ofSeconds(5));
        }).isInstanceOf(InfrastructureException.class).hasMessageContaining("'0ddba11c0ffe'");
    }

    @Test
    void disarmedOrUnarmedTheWatchOnlyRecords() throws IOException {
        print("Image e15bf8051234 built\nafter\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("Image e15bf8051234 built");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("after");
        watch.arm(s -> false, "x");
        watch.disarm();
        print("Image aaaaaaaaaaaa built\nstill readable\n");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("Image aaaaaaaaaaaa built");
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("still readable");
    }

    @Test
    void aPatternWithoutAGroupNamesTheWholeMatch() {
        ImageIdentityWatch plain = new ImageIdentityWatch("b", Pattern.compile("v\\d+\\.\\d+"));
        assertThat(plain.identityIn("firmware v2.13 up")).isEqualTo("v2.13");
        assertThat(plain.identityIn("no version here")).isNull();
    }
}
