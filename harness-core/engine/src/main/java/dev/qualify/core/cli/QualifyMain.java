package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.spi.CommandProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code qualify} command line.
 */
@Command(name = "qualify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Qualifies device boards: connects, builds, flashes, boots and runs qualification suites,"
                + " then writes JUnit XML, HTML and JSON reports.",
        subcommands = {RunCommand.class, DemoCommand.class, ListSuitesCommand.class, ListGroupsCommand.class,
                ListTestCasesCommand.class, DevicesCommand.class, NewSuiteCommand.class,
                ConfigCommand.class, ReportCommand.class,
                IdtCompatCommands.ListSupportedProducts.class,
                IdtCompatCommands.ListSupportedVersions.class,
                IdtCompatCommands.UpgradeTestSuite.class, CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:all selected tests passed",
                "1:a test failed (the device's verdict)",
                "2:usage or configuration error; nothing touched a device",
                "3:infrastructure error (device unreachable, flash or boot failed, timeout, broker down) and no test failed",
                "4:internal error in qualify",
                "130:interrupted (SIGINT or SIGTERM); the report shows what finished"},
        footer = {"", "Documentation: docs/ in the installation, or README.md."})
public final class QualifyMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The configured command line, with plug-in subcommands added. Not public: the JVM resolves the types of the
     * main class's public methods at start-up, and this would load picocli even for {@code --version}.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new QualifyMain());
        for (CommandProvider p : Plugins.commands()) cl.addSubcommand(p.newCommand());
        cl.setExitCodeExceptionMapper(t -> t instanceof UsageException || t instanceof dev.qualify.core.config.ConfigException
                || t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.INTERNAL);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException || ex instanceof dev.qualify.core.config.ConfigException) {
                commandLine.getErr().println("qualify: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            if (ex instanceof dev.qualify.api.device.InfrastructureException) {
                commandLine.getErr().println("qualify: " + ex.getMessage());
                return ExitCodes.INFRASTRUCTURE;
            }
            commandLine.getErr().println("qualify: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return ExitCodes.INTERNAL;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * The text of {@code --version}, also {@link VersionProvider}'s. Loads no picocli class and nothing outside the
     * CDS archive; String.join rather than {@code +}, whose invokedynamic bootstrap costs some 20 ms at start-up.
     */
    static String[] versionLines() {
        String version = QualifyMain.class.getPackage().getImplementationVersion(); // as Installation.version()
        return new String[]{
                String.join("", "qualify ", version == null ? "dev" : version),
                String.join("", "Java ", System.getProperty("java.version"), " (", System.getProperty("java.vendor"), "), ",
                        System.getProperty("os.name"), " ", System.getProperty("os.arch"))};
    }

    public static void main(String[] args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            // Fast path: answers without building the picocli model, plug-ins or subcommands (start-up time).
            for (String line : versionLines()) System.out.println(line);
            System.exit(0);
        }
        System.exit(commandLine().execute(args));
    }
}
