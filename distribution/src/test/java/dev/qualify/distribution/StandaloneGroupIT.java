package dev.qualify.distribution;

import dev.qualify.suites.freertos.groups.FullPkcs11CoreGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A suite author runs one group from an IDE or {@code mvn test}, naming a config: the Qualify extension leases the
 * pool's device, prepares it (build, flash, power, handshake) exactly as {@code qualify run} does, runs the group's
 * tests against the real board and powers it down afterwards.
 */
class StandaloneGroupIT {
    @TempDir
    Path dir;

    @Test
    void aGroupRunFromTheJUnitLauncherWithQualifyConfigBootsARealBoardAndPasses() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FullPkcs11CoreGroup.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("qualify.config", config.toString())
                .configurationParameter("qualify.output", dir.resolve("runs").toString())
                .configurationParameter("qualify.home", Qualify.HOME.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        StringBuilder failures = new StringBuilder();
        s.getFailures().forEach(f -> failures.append(f.getTestIdentifier().getDisplayName()).append(": ").append(f.getException()).append('\n'));
        assertThat(s.getTestsFailedCount()).as(failures.toString()).isZero();
        assertThat(s.getTestsSucceededCount()).isEqualTo(10);
        try (var runs = Files.list(dir.resolve("runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(run.resolve("logs/board-1/FullPKCS11_Core/_group.log")).content()
                    .contains("device prepared").contains("power off: killing pid");
        }
    }
}
