package dev.qualify.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** IDT's product and update commands, as Qualify answers them. */
final class IdtCompatCommands {
    static final String UPDATES = "Qualify and its suites are updated together, as Qualify releases: there is nothing to"
            + " download here (see 'qualify --version' and the release notes).";
    private static final String FREERTOS_MAPPINGS = "dev/qualify/suites/freertos/version-mappings.yml";

    private IdtCompatCommands() {
    }

    /** The FreeRTOS versions of the suite's bundled version mappings. */
    static List<String> freeRtosVersions(ClassLoader loader) {
        List<String> out = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(FREERTOS_MAPPINGS)) {
            if (in == null) return out;
            JsonNode root = new YAMLMapper().readTree(in);
            for (JsonNode m : root.path("mappings")) out.add(m.path("freeRTOSVersion").asText());
        } catch (Exception e) {
            // listed as unknown
        }
        return out;
    }

    @Command(name = "list-supported-products", mixinStandardHelpOptions = true,
            description = "IDT's command: the products and suite versions this Qualify qualifies.")
    static final class ListSupportedProducts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        SuitePathOption suitePath;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SuiteCatalog catalog = SuitePathOption.catalog(suitePath);
            out.println("Qualify " + Installation.version() + " supports:");
            out.printf("%-28s %-34s %s%n", "PRODUCT", "VERSIONS", "SUITE");
            for (QualificationSuite s : catalog.suites()) {
                String product, versions;
                if (s.id().equals("freertos-qualification")) {
                    product = "FreeRTOS";
                    List<String> v = freeRtosVersions(catalog.loader());
                    versions = v.isEmpty() ? "see the suite" : String.join(", ", v);
                } else if (s.id().startsWith("greengrass")) {
                    product = "AWS IoT Greengrass V2";
                    versions = s.groups().isEmpty() ? "(no groups yet)" : "2.x";
                } else {
                    product = "custom";
                    versions = "-";
                }
                out.printf("%-28s %-34s %s %s (%d groups)%n", product, versions, s.id(), s.version(), s.groups().size());
            }
            return ExitCodes.PASSED;
        }
    }

    @Command(name = "list-supported-versions", mixinStandardHelpOptions = true,
            description = "IDT's command: the FreeRTOS versions and the suite version this Qualify supports.")
    static final class ListSupportedVersions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SuiteCatalog catalog = SuiteCatalog.builtIn();
            QualificationSuite s = catalog.suite("freertos-qualification").orElse(null);
            if (s == null) {
                out.println("The FreeRTOS suite is not installed.");
                return ExitCodes.USAGE;
            }
            out.println("Qualify " + Installation.version() + ", suite " + s.id() + " " + s.version() + " (FRQ 2.x group ids)");
            out.println("Supported FreeRTOS versions:");
            for (String v : freeRtosVersions(catalog.loader())) out.println("  " + v);
            return ExitCodes.PASSED;
        }
    }

    @Command(name = "upgrade-test-suite", mixinStandardHelpOptions = true,
            description = "IDT's command: Qualify's suites come with Qualify releases.")
    static final class UpgradeTestSuite implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(UPDATES);
            return ExitCodes.PASSED;
        }
    }

    /** {@code run}'s IDT options: {@code --userdata}, {@code --update-idt}, {@code --upgrade-test-suite}, {@code --update-managed-policy}. */
    static final class RunOptions {
        @Option(names = "--userdata", paramLabel = "FILE", description = "IDT's userdata file, resolved in the configs folder (default userdata.json).")
        java.nio.file.Path userdata;

        @Option(names = "--update-idt", paramLabel = "y|n", description = "IDT's update prompt answer; Qualify updates come as releases.")
        String updateIdt;

        @Option(names = "--upgrade-test-suite", paramLabel = "y|n", description = "IDT's suite upgrade answer; suites come with Qualify releases.")
        String upgradeTestSuite;

        @Option(names = "--update-managed-policy", paramLabel = "y|n", description = "IDT's IAM policy prompt answer; Qualify's emulated cloud needs no IAM policy.")
        String updateManagedPolicy;

        /** Prints what the IDT answers mean here. */
        void explain(PrintWriter out) {
            if (updateIdt != null || upgradeTestSuite != null) out.println("qualify: note: " + UPDATES);
            if (updateManagedPolicy != null) out.println("qualify: note: --update-managed-policy: the emulated cloud needs no IAM policy; ignored.");
        }

        /** Loads {@code config}: with {@code --userdata}, as an IDT folder. */
        dev.qualify.core.config.QualifyConfig load(java.nio.file.Path config) {
            var loader = new dev.qualify.core.config.ConfigLoader(Plugins.drivers(), Plugins.clouds());
            return userdata != null ? loader.loadIdt(config, userdata).config() : loader.load(config);
        }
    }
}
