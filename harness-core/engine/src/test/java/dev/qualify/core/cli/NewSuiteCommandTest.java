package dev.qualify.core.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewSuiteCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = QualifyMain.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void writesAProjectWithEveryPlaceholderSubstituted() throws Exception {
        Path p = dir.resolve("acme");
        assertThat(run("new-suite", "--group-id", "com.example", "--name", "acme-checks", "--qualify-version", "1.2.3", p.toString()))
                .as(err.toString()).isZero();
        assertThat(p.resolve("pom.xml")).content().contains("<groupId>com.example</groupId>")
                .contains("<artifactId>acme-checks</artifactId>").contains("<qualify.version>1.2.3</qualify.version>")
                .contains("<Qualify-API-Version>${qualify.version}</Qualify-API-Version>");
        assertThat(p.resolve("src/main/resources/META-INF/services/dev.qualify.api.suite.QualificationSuite"))
                .content().isEqualToIgnoringWhitespace("com.example.acmechecks.AcmeChecksSuite");
        assertThat(p.resolve("src/main/java/com/example/acmechecks/AcmeChecksSuite.java")).content()
                .contains("package com.example.acmechecks;").contains("return \"acme-checks\";");
        assertThat(p.resolve("src/test/resources/junit-platform.properties")).content()
                .contains("junit.jupiter.extensions.autodetection.enabled=true");
        List<Path> files;
        try (Stream<Path> s = Files.walk(p)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path f : files) assertThat(f).content().doesNotContain("@@");
    }

    @Test
    void refusesANonEmptyDirectoryAndBadNamesWithExitTwo() throws Exception {
        Files.writeString(dir.resolve("mine.txt"), "x");
        assertThat(run("new-suite", "--group-id", "com.example", "--name", "acme", "--qualify-version", "1.0", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty").contains("mine.txt");
        assertThat(run("new-suite", "--group-id", "com.example", "--name", "9lives", "--qualify-version", "1.0", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(run("new-suite", "--group-id", "Com.Example", "--name", "acme", "--qualify-version", "1.0", dir.resolve("b").toString())).isEqualTo(2);
        assertThat(run("new-suite", "--group-id", "com.example", "--name", "acme", "--package", "com.int", "--qualify-version", "1.0",
                dir.resolve("c").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--name '9lives'").contains("--group-id 'Com.Example'").contains("keyword");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void suitePathProblemsAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> SuiteCatalog.load(List.of(dir.resolve("missing.jar"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
        Path text = Files.writeString(dir.resolve("x.jar"), "text");
        assertThatThrownBy(() -> SuiteCatalog.load(List.of(text))).isInstanceOf(UsageException.class)
                .hasMessageContaining("is not a jar");
        assertThat(SuiteCatalog.majorMinor("0.1.0-SNAPSHOT")).isEqualTo("0.1");
        assertThat(SuiteCatalog.majorMinor("2.10")).isEqualTo("2.10");
    }
}
