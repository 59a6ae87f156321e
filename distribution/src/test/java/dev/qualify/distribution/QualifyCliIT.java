package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: help, version, listings and usage errors, through bin/qualify. */
class QualifyCliIT {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndEveryExitCode() throws Exception {
        Qualify.Result r = Qualify.run(dir, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("run", "demo", "list-suites", "list-groups", "list-test-cases", "generate-completion")
                .contains("Exit codes:").containsPattern("(?m)^\\s+0\\s").containsPattern("(?m)^\\s+130\\s")
                .contains("infrastructure error");
    }

    @Test
    void versionComesFromTheJarManifest() throws Exception {
        Qualify.Result r = Qualify.run(dir, "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("qualify 0.").doesNotContain("dev");
    }

    @Test
    void listingsNameTheGroupsAndTheirCases() throws Exception {
        assertThat(Qualify.run(dir, "list-suites").stdout()).contains("freertos-qualification");
        assertThat(Qualify.run(dir, "list-groups").stdout()).contains("FullPKCS11_Core", "FullTransportInterfacePlainText");
        assertThat(Qualify.run(dir, "list-test-cases", "--group-id", "FullPKCS11_Core").stdout())
                .contains("Full_PKCS11_NoObject.PKCS11_Digest");
    }

    @Test
    void aConfigTypoExitsTwoNamingFileLineColumnKeyAndTheFix() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Files.writeString(config, Files.readString(config).replace("        console:", "        consle:"));
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).containsPattern(config + ":\\d+:\\d+: pools\\[0]\\.devices\\[0]\\.consle: unknown key 'consle'")
                .contains("did you mean 'console'?");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void anUnknownGroupExitsTwoWithASuggestion() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Cor");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("did you mean 'FullPKCS11_Core'?");
    }

    @Test
    void aMissingConfigFileExitsTwo() throws Exception {
        Qualify.Result r = Qualify.run(dir, "run", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("nope.yaml").contains("file not found");
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        Qualify.Result r = Qualify.run(dir, "run", "--colour");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--colour");
    }

    @Test
    void devicesCheckPassesForAnsweringBoardsAndExitsThreeForOneThatDoesNot() throws Exception {
        Path config = new VirtualPool().board().board().write(dir);
        Qualify.Result ok = Qualify.run(dir, "devices", "check", "--config", config.toString(), "--wait", "20");
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("board-1").contains("board-2").contains("console").contains("2 device(s) answered.");

        Path deadConfig = new VirtualPool().board().deadBoard().write(dir);
        int deadPort = VirtualPool.lastDeadPort;
        Qualify.Result bad = Qualify.run(dir, "devices", "check", "--config", deadConfig.toString(), "--wait", "5");
        assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(3);
        assertThat(bad.stdout()).containsPattern("board-2\\s+console\\s+FAILED.*127.0.0.1:" + deadPort)
                .contains("1 of 2 device(s) failed the check.");
    }
}
