package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live view of {@code bin/qualify run} as a person sees it: under a real pseudo-terminal (util-linux's
 * {@code script}, 30 rows by 120 columns, TERM=xterm-256color, no CI variable) status lines are drawn in a scroll
 * region of their own and removed at the end, also when SIGTERM ends the run; with {@code --plain}, with CI set, or
 * without a terminal, the output is one line per event.
 */
class LiveProgressIT {
    private static final String ESC = "\u001b";
    /** Three status lines (totals, two boards) on 30 rows: rows 1 to 26 scroll. */
    private static final String SCROLL_REGION_TWO_BOARDS = ESC + "[1;27r";
    private static final String WHOLE_SCREEN = ESC + "[1;30r";
    private static final String HIDE_CURSOR = ESC + "[?25l";
    private static final String SHOW_CURSOR = ESC + "[?25h";
    /** A line of the line-per-event view: elapsed time, device, event, running totals. */
    private static final Pattern EVENT_LINE = Pattern.compile(
            "\\[ *\\d+\\.\\ds] \\[board-\\d] .*\\(\\d+ passed, \\d+ failed, \\d+ errors, \\d+ skipped\\)");

    @TempDir
    Path dir;

    @Test
    void onATerminalEachBoardHasAStatusLineAndTheSummaryFollowsOnACleanScreen() throws Exception {
        Path config = new VirtualPool().board().board().write(dir);
        Run r = onTerminal(Map.of(), "run", "--config", config.toString(), "--output", dir.resolve("results").toString(),
                "--group", "FreeRTOSVersion,FreeRTOSIntegrity,FullTransportInterfacePlainText");
        assertThat(r.exitCode()).as(r.output()).isZero();
        String out = r.output();
        assertThat(out).as("a scroll region above three status lines").contains(SCROLL_REGION_TWO_BOARDS).contains(HIDE_CURSOR);
        assertThat(out).as("the status lines").contains("groups 0/3").contains("waiting for a group")
                .contains("FullTransportInterfacePlainText > ");
        assertThat(out).as("a board's status line names the test that runs, and how long its group has run")
                .containsPattern("Transport\\w+  \\d+s  ");
        assertThat(out).as("finished tests scroll above the status lines").containsPattern(
                "\\[board-\\d] FullTransportInterfacePlainText \\S+ +\\S*PASSED");
        assertThatTheTerminalIsRestoredBeforeTheSummary(out);
        int summary = out.lastIndexOf("========== Test Summary");
        String after = out.substring(summary);
        assertThat(after).as("the summary, as plain text, with no status line drawn into it").doesNotContain(ESC + "[?2026")
                .doesNotContainPattern("groups \\d+/\\d+").contains("Tests Passed:")
                .containsPattern("Report: \\S+report\\.html");
        Path runDir = Path.of(after.substring(after.indexOf("Report: ") + 8).trim().split("\\s")[0]).getParent();
        assertThat(JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-1").values()).isNotEmpty().containsOnly("passed");
    }

    @Test
    void sigtermOnATerminalLeavesItsCursorShownAndItsWholeScreenScrolling() throws Exception {
        Path config = new VirtualPool().features("PKCS11: Both, KeyProvisioning: Both, OTA: \"Yes\"").board().board().write(dir);
        Path output = dir.resolve("tty.out");
        Process script = startOnTerminal(output, Map.of(), "run", "--config", config.toString(), "--output",
                dir.resolve("results").toString());
        await().atMost(Duration.ofMinutes(3)).until(() -> read(output).contains("PASSED"));
        ProcessHandle java = await().atMost(Duration.ofSeconds(30)).until(() -> qualifyJvm(script), Optional::isPresent).get();
        assertThat(java.destroy()).as("SIGTERM sent").isTrue();
        assertThat(script.waitFor(2, TimeUnit.MINUTES)).as("qualify ends after SIGTERM").isTrue();
        String out = read(output);
        assertThat(script.exitValue()).as(out).isEqualTo(130);
        assertThat(out).contains(SCROLL_REGION_TWO_BOARDS).contains("SIGTERM received");
        assertThatTheTerminalIsRestoredBeforeTheSummary(out);
        assertThat(out.substring(out.lastIndexOf(SHOW_CURSOR))).contains("Report: ");
    }

    @Test
    void plainOnATerminalPrintsOneLinePerEventAndDrawsNothing() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Run r = onTerminal(Map.of(), "run", "--plain", "--config", config.toString(), "--output",
                dir.resolve("results").toString(), "--group", "FreeRTOSVersion,FreeRTOSIntegrity");
        assertLinePerEvent(r);
    }

    @Test
    void inCiATerminalGetsOneLinePerEvent() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Run r = onTerminal(Map.of("CI", "true"), "run", "--config", config.toString(), "--output",
                dir.resolve("results").toString(), "--group", "FreeRTOSVersion,FreeRTOSIntegrity");
        assertLinePerEvent(r);
    }

    @Test
    void withoutATerminalTheOutputIsOneLinePerEventEvenOutsideCi() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        List<String> argv = new ArrayList<>(List.of(Qualify.HOME.resolve("bin/qualify").toString(), "run", "--config",
                config.toString(), "--output", dir.resolve("results").toString(), "--group", "FreeRTOSVersion,FreeRTOSIntegrity"));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("CI");
        pb.environment().put("TERM", "xterm-256color");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertLinePerEvent(new Run(p.exitValue(), read(dir.resolve("out.txt"))));
    }

    @Test
    void versionAndHelpLoadNoJLineClass() throws Exception {
        for (List<String> args : List.of(List.of("--version"), List.of("--help"), List.of("run", "--help"))) {
            Path log = dir.resolve("classes-" + args.size() + ".log");
            List<String> argv = new ArrayList<>(List.of(Qualify.HOME.resolve("bin/qualify").toString()));
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile());
            pb.environment().put("QUALIFY_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
            Process p = pb.start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(read(dir.resolve("out.txt"))).isZero();
            String loaded = read(log);
            assertThat(loaded).as("qualify " + args + " ran").contains("dev.qualify.core.cli.QualifyMain");
            assertThat(loaded).as("qualify " + args + " loads no JLine class").doesNotContain("org.jline.");
        }
    }

    private static void assertLinePerEvent(Run r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("no scroll region, no hidden cursor, no status line")
                .doesNotContain(HIDE_CURSOR).doesNotContainPattern(Pattern.quote(ESC) + "\\[\\d+;\\d+r").doesNotContain("waiting for a group");
        List<String> events = r.output().lines().map(l -> l.replace("\r", "")).filter(l -> EVENT_LINE.matcher(l).find()).toList();
        assertThat(events).as("a line per group start and end and per test: host checks 1 + 5 cases, 2 groups")
                .hasSize(6 + 4);
        assertThat(r.output()).contains("========== Test Summary").containsPattern("Report: \\S+report\\.html");
    }

    /** After the last status line was drawn: the lines cleared, the whole screen scrolls, the cursor is shown. */
    private static void assertThatTheTerminalIsRestoredBeforeTheSummary(String out) {
        int lastHide = out.lastIndexOf(HIDE_CURSOR);
        int show = out.lastIndexOf(SHOW_CURSOR);
        int summary = out.lastIndexOf("========== Test Summary");
        assertThat(show).as("the cursor is shown again after it was hidden").isGreaterThan(lastHide);
        assertThat(out.lastIndexOf(WHOLE_SCREEN)).as("the scroll region is the whole screen again").isGreaterThan(out.lastIndexOf(SCROLL_REGION_TWO_BOARDS));
        assertThat(out.lastIndexOf(ESC + "[K")).as("the status rows are erased").isGreaterThan(out.lastIndexOf("waiting for a group"));
        assertThat(summary).as("the summary comes after the terminal was restored").isGreaterThan(show);
    }

    record Run(int exitCode, String output) {
    }

    private Run onTerminal(Map<String, String> env, String... args) throws Exception {
        Path output = dir.resolve("tty.out");
        Process p = startOnTerminal(output, env, args);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("qualify did not finish within 5 minutes:\n" + read(output));
        }
        return new Run(p.exitValue(), read(output));
    }

    /**
     * {@code bin/qualify ARGS} on the slave side of a pseudo-terminal of 30 rows and 120 columns that util-linux's
     * {@code script} opens; everything written to the terminal goes to {@code output}, byte for byte.
     */
    private Process startOnTerminal(Path output, Map<String, String> env, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("stty rows 30 cols 120 && exec ").append(quote(Qualify.HOME.resolve("bin/qualify").toString()));
        for (String a : args) cmd.append(' ').append(quote(a));
        ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command", cmd.toString(), "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("CI");
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The test's own arguments, in single quotes for the shell {@code script} runs the command with. */
    private static String quote(String s) {
        if (s.contains("'")) throw new IllegalArgumentException("no single quotes in test arguments: " + s);
        return "'" + s + "'";
    }

    private static Optional<ProcessHandle> qualifyJvm(Process script) {
        return script.descendants().filter(h -> h.info().commandLine().map(c -> c.contains("dev.qualify.core.cli.QualifyMain")).orElse(false))
                .findFirst();
    }

    private static String read(Path f) throws java.io.IOException {
        // leniently: a read while qualify writes may end inside a character
        return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
    }
}
