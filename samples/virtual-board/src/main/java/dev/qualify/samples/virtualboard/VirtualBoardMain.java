package dev.qualify.samples.virtualboard;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The virtual board's command line: {@code build} (the compiler), {@code flash} (the flash tool) and {@code run}
 * (the powered-on board). Exit codes: 0 done, 1 the build, flash or power-on failed (the reason on stderr), 2 usage
 * error.
 */
@Command(name = "virtual-board", mixinStandardHelpOptions = true, versionProvider = VirtualBoardMain.Version.class,
        description = "A simulated FreeRTOS board whose UART is a TCP port. It runs the device side of the FLIT"
                + " transport-interface and corePKCS11 qualification tests.",
        subcommands = {VirtualBoardMain.Build.class, VirtualBoardMain.Flash.class, VirtualBoardMain.Run.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the build, flash or power-on failed (reason on stderr)", "2:usage error"})
public final class VirtualBoardMain implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Integer quick = ImageCommands.quick(args); // plain build and flash without picocli's start-up
        System.exit(quick != null ? quick : execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with its output and error streams redirected; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    /**
     * The command line; a usage error prints the problem and where help is, not the whole usage text, so the
     * reason stays in the last lines of stderr (what a harness shows of a process that exited).
     */
    private static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new VirtualBoardMain());
        cmd.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cmd;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"virtual-board " + BoardVersion.get()};
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Builds a firmware image from a firmware project: reads"
                    + " Common/config/test_execution_config.h and Common/config/test_param_config.h and packs them"
                    + " with an image.properties manifest into a zip.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<sourceDir>", description = "The firmware project folder.")
        Path sourceDir;

        @Parameters(index = "1", paramLabel = "<imageFile>", description = "The image to write.")
        Path imageFile;

        @Override
        public Integer call() {
            return ImageCommands.build(sourceDir, imageFile, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "flash", mixinStandardHelpOptions = true,
            description = "Validates an image and writes it to the board's flash file atomically.")
    static final class Flash implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<imageFile>", description = "The image built by 'build'.")
        Path imageFile;

        @Parameters(index = "1", paramLabel = "<flashFile>", description = "The board's flash file.")
        Path flashFile;

        @Override
        public Integer call() {
            return ImageCommands.flash(imageFile, flashFile, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Powers the board on: listens on the UART port, boots from the flash file once a client"
                    + " connected (see --attach-wait-ms) and runs the enabled tests after a 'start' line or"
                    + " TEST_START_DELAY_MS. Runs until killed (SIGTERM).",
                    "A 'reset' line on the UART reboots the board."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--uart-port", required = true, paramLabel = "P",
                description = "TCP port of the UART; 0 picks a free one (printed on stdout).")
        int uartPort;

        @Option(names = "--uart-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
                description = "Address the UART listens on (default: ${DEFAULT-VALUE}).")
        String uartHost;

        @Option(names = "--flash", required = true, paramLabel = "FILE", description = "The flash file to boot from.")
        Path flash;

        @Option(names = "--fail-case", paramLabel = "NAME",
                description = "Perturb this test's check so that it fails (repeatable; Name or Group.Name).")
        List<String> failCases = new ArrayList<>();

        @Option(names = "--ignore-case", paramLabel = "NAME",
                description = "Print IGNORE for this test instead of running it (repeatable).")
        List<String> ignoreCases = new ArrayList<>();

        @Option(names = "--hang-after-lines", defaultValue = "-1", paramLabel = "N",
                description = "After N lines following the start marker, print nothing more (keep the connection).")
        int hangAfterLines;

        @Option(names = "--reboot-loop",
                description = "After 3 result lines, reboot (banner again, tests again), every boot.")
        boolean rebootLoop;

        @Option(names = "--hard-fault-after", defaultValue = "-1", paramLabel = "N",
                description = "After N result lines, print '" + Console.HARD_FAULT + "' and halt.")
        int hardFaultAfter;

        @Option(names = "--garbage",
                description = "Print lines of random bytes (invalid UTF-8, broken ANSI escapes) between results.")
        boolean garbage;

        @Option(names = "--color", description = "ANSI colours on PASS, FAIL, IGNORE and OK (UNITY_OUTPUT_COLOR).")
        boolean color;

        @Option(names = "--log-prefix",
                description = "STM32-style '<INF>    87259 [QualTest  ] ' prefixes and"
                        + " ' (qualification_app_main.c:101)' suffixes on every line.")
        boolean logPrefix;

        @Option(names = "--line-delay-ms", defaultValue = "0", paramLabel = "N",
                description = "Pause N ms after every line.")
        long lineDelayMs;

        @Option(names = "--network-delay-ms", defaultValue = "3000", paramLabel = "N",
                description = "Longest wait for the echo server to drop a connection after DISCONNECT"
                        + " (FLIT's TRANSPORT_TEST_NETWORK_DELAY_MS, default ${DEFAULT-VALUE}).")
        long networkDelayMs;

        @CommandLine.Mixin
        dev.qualify.samples.virtualboard.advisor.AdvisorOptions advisorOptions;

        @Option(names = "--pkcs11-fail-rsa",
                description = "PKCS11_RSA_Sign signs a hash with one bit flipped, so its signature does not verify"
                        + " (the only PKCS #11 case that fails; RSA only).")
        boolean pkcs11FailRsa;

        @Option(names = "--wrong-tls-cert",
                description = "The TLS transport presents a certificate it made itself (not the one the echo server"
                        + " issued): the TLS handshakes are refused.")
        boolean wrongTlsCert;

        @Option(names = "--attach-wait-ms", defaultValue = "30000", paramLabel = "N",
                description = "Hold the first boot until a UART client connects, at most N ms (default ${DEFAULT-VALUE};"
                        + " 0 boots at once, and what it prints before a client connects is lost).")
        long attachWaitMs;

        @Option(names = "--crash-after", defaultValue = "-1", paramLabel = "N",
                description = "After N result lines the board process crashes: it says so on stderr and exits with"
                        + " status " + BoardFaults.CRASH_STATUS + " at once (no power-off, as a simulator that dies).")
        int crashAfter;

        @Option(names = "--fall-back-to", paramLabel = "FILE",
                description = "After " + Console.REBOOT_AFTER_RESULTS + " result lines the board reboots once, from"
                        + " this image instead of its flash (as a board falling back to its other slot).")
        Path fallBackTo;

        @Option(names = "--bad-ota-signature",
                description = "The OTA PAL flips a bit of every signature before checking it: no signature"
                        + " verifies.")
        boolean badOtaSignature;

        @Option(names = "--drop-port-once",
                description = "After " + Console.DROP_AFTER_RESULTS + " result lines, close the UART connection and fall"
                        + " silent (a pulled cable), once: the file " + DROP_MARKER + " next to the flash file"
                        + " remembers it, so the next power-on runs normally.")
        boolean dropPortOnce;

        @CommandLine.Mixin
        dev.qualify.samples.virtualboard.ota.OtaOptions ota = new dev.qualify.samples.virtualboard.ota.OtaOptions();

        /** The marker file {@code --drop-port-once} leaves next to the flash file. */
        static final String DROP_MARKER = "virtual-board-port-dropped";

        @Option(names = "--numbered-lines", defaultValue = "0", paramLabel = "N",
                description = "Print N lines '<text> <i>/<N>' per boot, spread over the test results (a share before"
                        + " each result line), to check that a harness loses and mixes up none.")
        int numberedLines;

        @Option(names = "--numbered-line-text", defaultValue = NumberedLines.DEFAULT_TEXT, paramLabel = "TEXT",
                description = "What each numbered line says before its number (default: ${DEFAULT-VALUE}).")
        String numberedLineText;

        @Override
        public Integer call() throws InterruptedException {
            CommandLine cmd = spec.commandLine();
            if (uartPort < 0 || uartPort > 65535) {
                throw new CommandLine.ParameterException(cmd, "--uart-port must be 0..65535: " + uartPort);
            }
            if (hangAfterLines < -1 || hardFaultAfter < -1 || lineDelayMs < 0 || networkDelayMs < 0 || numberedLines < 0) {
                throw new CommandLine.ParameterException(cmd, "counts and delays must not be negative");
            }
            if (attachWaitMs < 0) {
                throw new CommandLine.ParameterException(cmd, "--attach-wait-ms must not be negative: " + attachWaitMs);
            }
            if (crashAfter == 0 || crashAfter < -1) {
                throw new CommandLine.ParameterException(cmd, "--crash-after must be at least 1: " + crashAfter);
            }
            Set<String> fail = checked(cmd, "--fail-case", failCases);
            Set<String> ignore = checked(cmd, "--ignore-case", ignoreCases);
            BoardConfig config = new BoardConfig(uartHost, uartPort, flash, fail, ignore, hangAfterLines, rebootLoop,
                    hardFaultAfter, garbage, color, logPrefix, lineDelayMs, networkDelayMs);
            dev.qualify.samples.virtualboard.pkcs11.Pkcs11Board.failRsa(pkcs11FailRsa);
            dev.qualify.samples.virtualboard.ota.OtaFaults.use(ota.faults());
            dev.qualify.samples.virtualboard.advisor.AdvisorBoard.configure(advisorOptions.faults());
            VirtualBoard board;
            try {
                board = VirtualBoard.powerOn(config, new BoardFaults(wrongTlsCert, badOtaSignature,
                        dropPortOnce ? flash.toAbsolutePath().resolveSibling(DROP_MARKER) : null, crash(cmd), fallBackTo),
                        new NumberedLines(numberedLines, numberedLineText), attachWaitMs);
            } catch (IOException e) {
                cmd.getErr().println("virtual-board run: error: UART " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(board::close, "virtual-board-power-off"));
            cmd.getOut().println("Virtual board UART listening on " + board.uartHost() + ":" + board.uartPort()
                    + " (flash " + flash + ")");
            cmd.getOut().flush();
            board.awaitPowerOff();
            return 0;
        }

        /** {@code --crash-after}: a line on stderr, then the process ends at once, skipping the power-off hook. */
        private BoardFaults.Crash crash(CommandLine cmd) {
            if (crashAfter < 0) return null;
            return new BoardFaults.Crash(crashAfter, () -> {
                cmd.getErr().println("virtual-board run: crashed after " + crashAfter + " result lines (--crash-after)");
                cmd.getErr().flush();
                Runtime.getRuntime().halt(BoardFaults.CRASH_STATUS);
            });
        }

        private static Set<String> checked(CommandLine cmd, String option, List<String> names) {
            List<String> known = VirtualBoard.knownCases();
            Set<String> out = new LinkedHashSet<>();
            for (String name : names) {
                boolean ok = known.contains(name) || known.stream().anyMatch(k -> k.endsWith("." + name));
                if (!ok) {
                    throw new CommandLine.ParameterException(cmd, option + ": unknown test case '" + name
                            + "'; known: " + String.join(", ", known));
                }
                out.add(name);
            }
            return out;
        }
    }
}
