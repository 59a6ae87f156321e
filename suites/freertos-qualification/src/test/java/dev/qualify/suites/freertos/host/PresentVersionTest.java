package dev.qualify.suites.freertos.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresentVersionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aVersionMacroInTheLibrarysIncludeHeadersIsItsVersion() throws Exception {
        Files.createDirectories(dir.resolve("source/include"));
        Files.writeString(dir.resolve("source/include/core_mqtt.h"),
                "#ifndef X\n#define MQTT_LIBRARY_VERSION    \"v2.1.1\"\n#define MQTT_PACKET_TYPE 3\n#endif\n");
        PresentVersion v = PresentVersion.of(dir, DEADLINE);
        assertEquals(List.of("v2.1.1"), v.versions());
        assertTrue(v.matches("v2.1.1"));
        assertFalse(v.matches("v2.1.0"));
        assertTrue(v.shown().contains("MQTT_LIBRARY_VERSION \"v2.1.1\" in source/include/core_mqtt.h"), v.shown());
    }

    @Test
    void theKernelsVersionNumberMacroCounts() throws Exception {
        Files.createDirectories(dir.resolve("include"));
        Files.writeString(dir.resolve("include/task.h"), "#define tskKERNEL_VERSION_NUMBER \"V10.5.1\"\n#define tskKERNEL_VERSION_MAJOR 10\n");
        assertTrue(PresentVersion.of(dir, DEADLINE).matches("V10.5.1"));
    }

    @Test
    void aVersionFileIsReadWhenNoHeaderSaysIt() throws Exception {
        Files.writeString(dir.resolve("version"), "\n202210.01\n");
        PresentVersion v = PresentVersion.of(dir, DEADLINE);
        assertEquals("version file", v.how());
        assertTrue(v.matches("202210.01"));
    }

    @Test
    void nothingFoundSaysWhereItLooked() {
        PresentVersion v = PresentVersion.of(dir, DEADLINE);
        assertFalse(v.found());
        assertFalse(v.matches("v1.0.0"));
        assertTrue(v.shown().contains("not a git checkout"), v.shown());
    }

    @Test
    void aGitCheckoutIsAtItsTagsAndItsCommit() throws Exception {
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("core_mqtt.h"), "#define MQTT_LIBRARY_VERSION \"v9.9.9\"\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "first");
        git(dir, "tag", "v2.1.1");
        git(dir, "tag", "-a", "-m", "LTS", "v2.1.1-LTS");
        PresentVersion v = PresentVersion.of(dir, DEADLINE);
        assertEquals("git checkout", v.how());
        assertTrue(v.matches("v2.1.1"), v.shown());
        assertTrue(v.matches("v2.1.1-LTS"), "every tag at HEAD counts: " + v.shown());
        assertTrue(v.matches(v.commit().substring(0, 9)), "an abbreviated commit matches");
        assertTrue(v.matches(v.commit().toUpperCase()));
        assertFalse(v.matches("v9.9.9"), "a checkout is judged by git, not by its headers");
        assertFalse(v.matches("deadbeef1"));

        Files.writeString(dir.resolve("more.h"), "\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "second");
        PresentVersion after = PresentVersion.of(dir, DEADLINE);
        assertFalse(after.matches("v2.1.1"));
        assertTrue(after.shown().contains("no tag at that commit"), after.shown());
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Qualify Test", "-c", "user.email=test@qualify.invalid",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "init.defaultBranch=main", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
    }
}
