package dev.qualify.distribution;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of {@code docs/architecture.md}, checked over the production classes of every module (the
 * distribution has them all on its class path): plug-ins (connectors, the cloud, report writers, suites) depend on
 * the API, never on the engine, the CLI, picocli or the JUnit Launcher (the cloud's {@code qualify cloud}
 * subcommand may use picocli, through the {@code CommandProvider} SPI); the API depends on the JDK and apiguardian
 * only and marks every public type with {@code @API}; a capability interface declares at most five methods.
 */
class ArchitectureTest {
    private static final String[] PLUGINS = {"dev.qualify.connectors..", "dev.qualify.cloud..", "dev.qualify.report..",
            "dev.qualify.suites.."};
    private static final String[] CAPABILITIES = {"dev.qualify.api.device.Console", "dev.qualify.api.device.ConsoleReader",
            "dev.qualify.api.device.ConsoleWriter", "dev.qualify.api.device.Shell", "dev.qualify.api.device.PowerControl",
            "dev.qualify.api.device.Flasher", "dev.qualify.api.device.Builder"};
    private static final int MAX_CAPABILITY_METHODS = 5;

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.qualify");
    }

    @Test
    void theImportHoldsEveryModulesProductionClassesAndNoTests() {
        assertThat(production.contain("dev.qualify.api.device.Console")).isTrue();
        assertThat(production.contain("dev.qualify.core.engine.GroupExecution")).isTrue();
        assertThat(production.contain("dev.qualify.cloud.EmulatedCloudProvider")).isTrue();
        assertThat(production.contain("dev.qualify.connectors.tcp.TcpSerialConsoleFactory")).isTrue();
        assertThat(production.contain("dev.qualify.suites.freertos.UnityDeviceTests")).isTrue();
        assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith("dev.qualify.report"))).isTrue();
        assertThat(production.contain(ArchitectureTest.class.getName())).as("tests are not imported").isFalse();
        for (String p : PLUGINS) {
            String prefix = p.substring(0, p.length() - 2);
            assertThat(production.stream().filter(c -> c.getPackageName().startsWith(prefix)).count()).as(p).isGreaterThan(5);
        }
    }

    @Test
    void pluginsDoNotDependOnTheEngineTheCliOrTheLauncher() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PLUGINS)
                .should().dependOnClassesThat().resideInAnyPackage("dev.qualify.core..", "org.junit.platform.launcher..")
                .because("plug-ins compile against qualify-api only (docs/architecture.md)");
        rule.check(production);
    }

    @Test
    void onlyTheCloudsSubcommandUsesPicocli() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PLUGINS).and().resideOutsideOfPackage("dev.qualify.cloud.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..")
                .because("a plug-in contributes CLI subcommands only through the CommandProvider SPI");
        rule.check(production);
    }

    @Test
    void theApiDependsOnTheJdkAndApiguardianOnly() {
        ArchRule rule = classes().that().resideInAPackage("dev.qualify.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.qualify.api..", "java..", "javax..", "org.apiguardian..")
                .because("qualify-api is what every suite and plug-in compiles against");
        rule.check(production);
    }

    @Test
    void everyPublicApiTypeHasAnApiStatus() {
        ArchRule rule = classes().that().resideInAPackage("dev.qualify.api..").and().arePublic().and().areTopLevelClasses()
                .should().beAnnotatedWith(API.class)
                .because("every public API type says how stable it is (STABLE, MAINTAINED, EXPERIMENTAL, INTERNAL)");
        rule.check(production);
    }

    @Test
    void capabilityInterfacesDeclareAtMostFiveMethods() {
        for (String c : CAPABILITIES) assertThat(production.contain(c)).as(c).isTrue();
        ArchRule rule = classes().that().haveFullyQualifiedName(CAPABILITIES[0])
                .or().haveFullyQualifiedName(CAPABILITIES[1]).or().haveFullyQualifiedName(CAPABILITIES[2])
                .or().haveFullyQualifiedName(CAPABILITIES[3]).or().haveFullyQualifiedName(CAPABILITIES[4])
                .or().haveFullyQualifiedName(CAPABILITIES[5]).or().haveFullyQualifiedName(CAPABILITIES[6])
                .should(declareAtMost(MAX_CAPABILITY_METHODS));
        rule.check(production);
    }

    private static ArchCondition<JavaClass> declareAtMost(int max) {
        return new ArchCondition<>("declare at most " + max + " methods") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> methods = c.getMethods().stream().filter(m -> !m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC))
                        .map(JavaMethod::getName).sorted().toList();
                boolean ok = methods.size() <= max;
                events.add(new SimpleConditionEvent(c, ok, c.getName() + " declares " + methods.size() + " methods " + methods
                        + " (at most " + max + ")"));
            }
        };
    }
}
