package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real runs of the same group through {@code bin/qualify}, the second on a board that fails one case:
 * {@code qualify report diff} names the regression (exit 1) or the fix (exit 0), and the failing run's report.html
 * has the device's timeline and the failed case's log inline with its FAIL line highlighted.
 */
class ReportDiffIT {
    @TempDir
    Path dir;

    @Test
    void aCaseThatStartsFailingIsARegressionAndTheReportShowsItsFailLine() throws Exception {
        Qualify.Result good = Qualify.run(dir, "run", "--config", new VirtualPool().board().write(Files.createDirectories(dir.resolve("good"))).toString(),
                "--group", "FullPKCS11_Core", "--output", dir.resolve("results").toString());
        assertThat(good.exitCode()).as(good.stdout() + good.stderr()).isZero();
        Qualify.Result bad = Qualify.run(dir, "run", "--config",
                new VirtualPool().board("--fail-case", "PKCS11_Digest").write(Files.createDirectories(dir.resolve("bad"))).toString(),
                "--group", "FullPKCS11_Core", "--output", dir.resolve("results").toString());
        assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(1);

        Path page = dir.resolve("diff.html");
        Qualify.Result diff = Qualify.run(dir, "report", "diff", good.runDir().toString(), bad.runDir().toString(),
                "--html", page.toString());
        assertThat(diff.exitCode()).as(diff.stdout() + diff.stderr()).isEqualTo(1);
        System.out.println(diff.stdout());
        assertThat(diff.stdout()).contains("Regressions (passed -> failed or error): 1",
                "FullPKCS11_Core PKCS11_Digest: PASSED -> FAILED on board-1",
                "1 regression, 0 fixes, 0 new, 0 removed, 0 other changes, 9 unchanged");
        assertThat(page).content().contains("PASSED -&gt; FAILED", "PKCS11_Digest");

        Qualify.Result back = Qualify.run(dir, "report", "diff", bad.runDir().toString(), good.runDir().toString());
        assertThat(back.exitCode()).as(back.stdout() + back.stderr()).isZero();
        assertThat(back.stdout()).contains("Fixes (failed or error -> passed): 1", "FullPKCS11_Core PKCS11_Digest: FAILED -> PASSED");

        Qualify.Result notARun = Qualify.run(dir, "report", "diff", dir.toString(), bad.runDir().toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.stderr()).contains("OLD_RUN: " + dir + " is not a run directory: it has no journal.jsonl");

        String html = Files.readString(bad.runDir().resolve("report.html"));
        // the handshake (boot) often takes under a millisecond and a 0 ms phase is not drawn
        assertThat(html).contains("class=\"tl-phase tl-build\"", "class=\"tl-phase tl-flash\"",
                "class=\"tl-phase tl-power\"", "class=\"tl-test failed\"", "class=\"tl-idle\"")
                .containsPattern("<mark title=\"line \\d+: why the test did not pass\">[^<]*PKCS11_Digest[^<]*FAIL");
        JUnitXml.validate(bad.runDir().resolve("junit.xml"));
    }
}
