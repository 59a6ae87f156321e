package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line sent to the remote login shell, checked by running it through a real local /bin/sh. */
class SshRemoteCommandLineTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void argvSurvivesTheRemoteShellIntactAndThePidComesFirstOnStderr() throws Exception {
        List<String> args = List.of("two words", "it's", "$(id)", "`x`", "", "a\nb");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "<%s>"));
        argv.addAll(args);

        String[] outErr = runLocally(RemoteCommandLine.build(new Command(argv, T, Map.of(), null, false), false, "MARK"));

        assertThat(outErr[0]).isEqualTo("<two words><it's><$(id)><`x`><><a\nb>");
        assertThat(outErr[1]).matches("MARK \\d+\n");
    }

    @Test
    void environmentValuesAreSetLiterally() throws Exception {
        Command c = new Command(List.of("sh", "-c", "printf %s \"$V\""), T, Map.of("V", "x y $z 'q'"), null, false);

        assertThat(runLocally(RemoteCommandLine.build(c, false, "M"))[0]).isEqualTo("x y $z 'q'");
    }

    @Test
    void sudoPrefixIsNonInteractiveAndEndsOptionParsing() {
        String line = RemoteCommandLine.build(Command.of(T, "id"), true, "M");

        assertThat(line).contains("exec sudo -n -- id");
    }

    @Test
    void badEnvironmentNameIsRefused() {
        Command c = new Command(List.of("true"), T, Map.of("A B", "1"), null, false);

        assertThatThrownBy(() -> RemoteCommandLine.build(c, false, "M")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pidMarkerLineIsRemovedFromStderrAndEverythingElseKept() throws IOException {
        BoundedOutput err = new BoundedOutput(1024);
        PidMarkerFilter f = new PidMarkerFilter(err, "MARK");
        f.write("login noise\nMARK 4242\nreal ".getBytes(StandardCharsets.UTF_8));
        f.write("error\npartial".getBytes(StandardCharsets.UTF_8));
        f.close();

        assertThat(f.pid(0)).isEqualTo(4242);
        assertThat(err.text()).isEqualTo("login noise\nreal error\npartial");
    }

    @Test
    void outputBeyondTheLimitIsCountedNotKept() {
        BoundedOutput out = new BoundedOutput(4);
        out.write("abcdefgh".getBytes(StandardCharsets.UTF_8), 0, 8);

        assertThat(out.text()).isEqualTo("abcd\n[... 4 more bytes not kept]");
    }

    private static String[] runLocally(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", line).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // ends with the process
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        t.join();
        return new String[]{out, err.toString(StandardCharsets.UTF_8)};
    }
}
