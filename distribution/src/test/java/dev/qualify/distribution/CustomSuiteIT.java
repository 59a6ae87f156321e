package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suite of one's own, through the real {@code bin/qualify}: {@code new-suite} writes a Maven project, Maven
 * packages it against the Qualify artifacts of the local repository (so this needs {@code mvn install}, as
 * {@code ci/test} runs it; the template's own tests run in {@code ci/test} too), and {@code run --suite-path} runs
 * it on the demo boards ({@code configs/demo/qualify.yaml}, fixed UART ports: failsafe runs the ITs one after
 * another). Then every bad suite jar: exit 2 saying what was found and what was expected.
 */
class CustomSuiteIT {
    static final Path DEMO = Qualify.HOME.resolve("configs/demo/qualify.yaml");

    @TempDir
    Path dir;

    @Test
    void aNewSuiteBuildsAndPassesOnTheDemoBoardsWithItsGroupsInTheReports() throws Exception {
        Qualify.Result made = Qualify.run(dir, "new-suite", "--group-id", "com.example", "--name", "acme-checks",
                dir.resolve("acme").toString());
        assertThat(made.exitCode()).as(made.stdout() + made.stderr()).isZero();
        assertThat(dir.resolve("acme/pom.xml")).content().contains("<artifactId>qualify-api</artifactId>")
                .contains("<qualify.version>" + version() + "</qualify.version>");
        assertThat(dir.resolve("acme/src/main/resources/META-INF/services/dev.qualify.api.suite.QualificationSuite"))
                .content().contains("com.example.acmechecks.AcmeChecksSuite");

        mvn(dir.resolve("acme"), "-B", "-o", "-q", "package", "-Dmaven.test.skip=true");
        Path jar = dir.resolve("acme/target/acme-checks.jar");
        assertThat(jar).isRegularFile();

        Qualify.Result list = Qualify.run(dir, "list-suites", "--suite-path", jar.toString());
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("acme-checks").contains("from " + jar).contains("freertos-qualification");
        Qualify.Result groups = Qualify.run(dir, "list-groups", "--suite-path", jar.toString(), "--suite", "acme-checks");
        assertThat(groups.stdout()).contains("ConsolePrompt").contains("CloudCredentials");

        Qualify.Result r = Qualify.run(dir, "run", "--config", DEMO.toString(), "--suite-path", jar.toString(),
                "--suite", "acme-checks", "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = new java.util.LinkedHashMap<>(JUnitXml.outcomes(xml, "vb-1"));
        outcomes.putAll(JUnitXml.outcomes(xml, "vb-2"));
        assertThat(outcomes).containsOnlyKeys("answersAnEmptyLineWithItsPrompt",
                "certificateNamesTheThingAndChainsToTheRootCa", "brokerAcceptsTheThingOverMutualTls");
        assertThat(outcomes.values()).containsOnly("passed");
        assertThat(xml).content().contains("name=\"ConsolePrompt\"").contains("name=\"CloudCredentials\"")
                .contains("value=\"acme-checks\"");
        assertThat(r.runDir().resolve("report.html")).content().contains("ConsolePrompt").contains("CloudCredentials")
                .contains("answersAnEmptyLineWithItsPrompt");
        assertThat(r.stdout()).contains("suite acme-checks").contains("ConsolePrompt@").contains("Exit Code: 0");
        try (var logs = Files.walk(r.runDir().resolve("logs"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().equals("answersAnEmptyLineWithItsPrompt.log")).toList())
                    .singleElement().satisfies(p -> assertThat(p).content().contains("vboard> (commands: start, reset)"));
        }
    }

    @Test
    void newSuiteRefusesANonEmptyDirectoryAndBadNamesWithExitTwo() throws Exception {
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/keep.txt"), "mine");
        Qualify.Result taken = Qualify.run(dir, "new-suite", "--group-id", "com.example", "--name", "acme", dir.resolve("taken").toString());
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.stderr()).contains("is not empty").contains("keep.txt").contains("expected a new or empty directory");
        assertThat(dir.resolve("taken/pom.xml")).doesNotExist();

        Qualify.Result name = Qualify.run(dir, "new-suite", "--group-id", "com.example", "--name", "Acme_Checks", dir.resolve("a").toString());
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.stderr()).contains("--name 'Acme_Checks'").contains("expected lower case");
        Qualify.Result group = Qualify.run(dir, "new-suite", "--group-id", "com..example", "--name", "acme", dir.resolve("b").toString());
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.stderr()).contains("--group-id 'com..example'").contains("expected dot-separated");
        Qualify.Result keyword = Qualify.run(dir, "new-suite", "--group-id", "com.new", "--name", "acme", dir.resolve("c").toString());
        assertThat(keyword.exitCode()).isEqualTo(2);
        assertThat(keyword.stderr()).contains("keyword 'new'");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void aMissingSuiteJarIsAUsageError() throws Exception {
        Path missing = dir.resolve("nope.jar");
        Qualify.Result r = Qualify.run(dir, "run", "--config", DEMO.toString(), "--suite-path", missing.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(missing.toString()).contains("no such file").contains("expected a suite jar");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAJarIsAUsageError() throws Exception {
        Path text = Files.writeString(dir.resolve("suite.jar"), "not a zip");
        Qualify.Result r = Qualify.run(dir, "list-suites", "--suite-path", text.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(text.toString()).contains("is not a jar").contains("not a zip archive")
                .contains("expected a suite jar");
    }

    @Test
    void aJarWithNoSuiteRegisteredIsAUsageError() throws Exception {
        Path jar = new SuiteJars().source("x.Suite", SuiteJars.suite("x", "unregistered")).write(dir, "plain.jar");
        Qualify.Result r = Qualify.run(dir, "run", "--config", DEMO.toString(), "--suite-path", jar.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(jar.toString()).contains("has no suite registered")
                .contains("META-INF/services/dev.qualify.api.suite.QualificationSuite");
    }

    @Test
    void aJarBuiltAgainstAnotherApiVersionIsAUsageError() throws Exception {
        Path jar = new SuiteJars().source("x.Suite", SuiteJars.suite("x", "future"))
                .service("x.Suite").manifest("Qualify-API-Version", "7.3.0").write(dir, "future.jar");
        Qualify.Result r = Qualify.run(dir, "list-groups", "--suite-path", jar.toString(), "--suite", "future");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(jar.toString()).contains("built against qualify-api 7.3.0")
                .contains("runs qualify-api " + version()).contains("expected a suite built against qualify-api "
                        + version().replaceAll("^(\\d+\\.\\d+).*", "$1") + ".x");
    }

    @Test
    void aSuiteWhoseClassesDoNotLinkIsIncompatible() throws Exception {
        Path jar = new SuiteJars().source("x.Suite", SuiteJars.suite("x", "broken", "Gone"))
                .source("x.Gone", SuiteJars.group("x", "Gone", "@Test void t() {}"))
                .service("x.Suite").omit("x.Gone").write(dir, "broken.jar");
        Qualify.Result r = Qualify.run(dir, "list-suites", "--suite-path", jar.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(jar.toString()).contains("is incompatible").contains("NoClassDefFoundError")
                .contains("x/Gone").contains("expected a suite built against qualify-api");
    }

    @Test
    void twoSuitesWithOneIdAreAUsageErrorNamingBothJars() throws Exception {
        Path a = new SuiteJars().source("a.Suite", SuiteJars.suite("a", "twin")).service("a.Suite").write(dir, "a.jar");
        Path b = new SuiteJars().source("b.Suite", SuiteJars.suite("b", "twin")).service("b.Suite").write(dir, "b.jar");
        Qualify.Result r = Qualify.run(dir, "list-suites", "--suite-path", a.toString(), "--suite-path", b.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("two suites have the id 'twin'").contains(a.toString()).contains(b.toString());

        Path copy = Files.copy(a, dir.resolve("a-copy.jar"));
        Qualify.Result same = Qualify.run(dir, "list-suites", "--suite-path", a.toString(), "--suite-path", copy.toString());
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.stderr()).contains("two suites have the id 'twin'").contains(a.toString()).contains(copy.toString());

        Path builtIn = new SuiteJars().source("c.Suite", SuiteJars.suite("c", "freertos-qualification")).service("c.Suite")
                .write(dir, "c.jar");
        Qualify.Result clash = Qualify.run(dir, "run", "--config", DEMO.toString(), "--suite-path", builtIn.toString());
        assertThat(clash.exitCode()).isEqualTo(2);
        assertThat(clash.stderr()).contains("two suites have the id 'freertos-qualification'").contains("built in")
                .contains(builtIn.toString());
    }

    @Test
    void aDirectoryOfSuiteJarsIsOneSuitePath() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("suites"));
        new SuiteJars().source("a.Suite", SuiteJars.suite("a", "alpha")).service("a.Suite").write(jars, "a.jar");
        new SuiteJars().source("b.Suite", SuiteJars.suite("b", "beta")).service("b.Suite").write(jars, "b.jar");
        Qualify.Result r = Qualify.run(dir, "list-suites", "--suite-path", jars.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("alpha").contains("beta").contains("freertos-qualification");
        Qualify.Result empty = Qualify.run(dir, "list-suites", "--suite-path", Files.createDirectories(dir.resolve("none")).toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).contains("no .jar file");
    }

    @Test
    void aGroupWhoseClassThrowsDuringDiscoveryIsAnErrorInTheReportNotACrash() throws Exception {
        Path jar = new SuiteJars().source("x.Suite", SuiteJars.suite("x", "half-broken", "Broken", "Fine"))
                .source("x.Missing", "package x; public class Missing {}")
                .source("x.Broken", SuiteJars.group("x", "Broken", "@Test void uses(Missing m) {}\n@Test void plain() {}"))
                .source("x.Fine", SuiteJars.group("x", "Fine", "@Test void passes() {}"))
                .service("x.Suite").omit("x.Missing").write(dir, "half-broken.jar");
        Qualify.Result r = Qualify.run(dir, "run", "--config", DEMO.toString(), "--suite-path", jar.toString(),
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = new java.util.LinkedHashMap<>(JUnitXml.outcomes(xml, "vb-1"));
        outcomes.putAll(JUnitXml.outcomes(xml, "vb-2"));
        assertThat(outcomes).containsEntry("passes", "passed").containsValue("error");
        assertThat(xml).content().contains("x/Missing");
        assertThat(r.stderr()).doesNotContain("internal error");
    }

    private static String version() {
        return Qualify.HOME.resolve("lib").toFile().list((d, n) -> n.startsWith("qualify-api-"))[0]
                .replaceAll("^qualify-api-(.*)\\.jar$", "$1");
    }

    /** Runs Maven (the one on PATH) in {@code project}; fails with its output when it fails. */
    private void mvn(Path project, String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add("mvn");
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) argv.add("-Dmaven.repo.local=" + repo);
        argv.addAll(List.of(args));
        Path out = dir.resolve("mvn-output.txt");
        Process p = new ProcessBuilder(argv).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish within 5 minutes");
        }
        assertThat(p.exitValue()).as("mvn %s in %s (needs the Qualify artifacts installed: mvn install):%n%s",
                String.join(" ", args), project, Files.readString(out)).isZero();
    }
}
