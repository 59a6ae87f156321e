package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict belongs to the image flashed, through the real {@code bin/qualify}: a flash tool that writes another
 * image than the one Qualify built (the board then boots and passes that image's tests) gives exit 3, every
 * expected case of the group ERROR {@code wrong-image} naming the identity the board printed and the image
 * flashed, and not one PASS; a board that reboots into another image during the group gives no result after the
 * reboot but {@code wrong-image} ERRORs.
 */
class WrongImageIT {
    /** FullPKCS11_Core's cases. */
    private static final int CASES = 10;

    @TempDir
    Path dir;

    @Test
    void aBoardRunningAnotherImageThanTheOneFlashedGivesEveryCaseWrongImageAndNoPass() throws Exception {
        Path other = otherImage();
        String printed = sha256(other).substring(0, 12);

        Path config = new VirtualPool().flashFile(other).board().write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        Path runDir = r.runDir();
        List<JsonNode> tests = tests(runDir.resolve("results.json"));
        assertThat(tests).hasSize(CASES);
        String flashed = sha256(onlyBuiltImage(runDir)).substring(0, 12);
        assertThat(flashed).isNotEqualTo(printed);
        for (JsonNode t : tests) {
            assertThat(t.path("outcome").asText()).as(t.toString()).isEqualTo("ERROR");
            assertThat(t.path("errorType").asText()).as(t.toString()).isEqualTo("wrong-image");
            assertThat(t.path("message").asText()).as("names what the board printed and what was flashed")
                    .contains("runs image '" + printed + "'").contains("not the image flashed").contains(flashed);
        }
        assertThat(JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-1").values()).hasSize(CASES).containsOnly("error");
        assertThat(Files.readString(runDir.resolve("junit.xml"), StandardCharsets.UTF_8)).contains("type=\"wrong-image\"");
        assertThat(r.stdout()).doesNotContain("PASSED ");
        String groupLog = Files.readString(runDir.resolve("logs/board-1/FullPKCS11_Core/_group.log"), StandardCharsets.UTF_8);
        assertThat(groupLog).as("the board really booted the other image").contains("Image " + printed + " built");
    }

    @Test
    void aBoardThatRebootsIntoAnotherImageDuringTheGroupGivesNoResultAfterItButWrongImage() throws Exception {
        Path other = otherImage();
        String printed = sha256(other).substring(0, 12);
        Path config = new VirtualPool().noBanner().board("--fall-back-to", other.toString()).write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        List<JsonNode> tests = tests(r.runDir().resolve("results.json"));
        List<JsonNode> passed = tests.stream().filter(t -> t.path("outcome").asText().equals("PASSED")).toList();
        List<JsonNode> rest = tests.stream().filter(t -> !t.path("outcome").asText().equals("PASSED")).toList();
        // the three results the image flashed printed before the reboot pass when they were read apart from the
        // identity line; results that came in one read with it are not trusted either
        assertThat(passed.size()).isLessThanOrEqualTo(3);
        assertThat(rest).as("every other expected case, and the output's own error").hasSize(CASES - passed.size() + 1);
        for (JsonNode t : rest) {
            assertThat(t.path("outcome").asText()).as(t.toString()).isEqualTo("ERROR");
            assertThat(t.path("errorType").asText()).as(t.toString()).isEqualTo("wrong-image");
        }
        assertThat(rest).anySatisfy(t -> assertThat(t.path("message").asText())
                .contains("printed image identity '" + printed + "' during the group"));
    }

    /** Another image of the sample firmware, built apart from the run: the board was not flashed with it. */
    private Path otherImage() throws Exception {
        Path other = dir.resolve("other-image.bin");
        Process build = new ProcessBuilder(Qualify.HOME.resolve("bin/virtual-board").toString(), "build",
                Qualify.HOME.resolve("samples/virtual-board/firmware").toString(), other.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("build.txt").toFile()).start();
        assertThat(build.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(Files.readString(dir.resolve("build.txt"))).isZero();
        return other;
    }

    private static List<JsonNode> tests(Path resultsJson) throws Exception {
        JsonNode root = new ObjectMapper().readTree(resultsJson.toFile());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode g : root.path("groups")) g.path("tests").forEach(out::add);
        return out;
    }

    private static Path onlyBuiltImage(Path runDir) throws Exception {
        try (Stream<Path> s = Files.walk(runDir.resolve("work/images"))) {
            List<Path> images = s.filter(p -> p.getFileName().toString().equals("aws_tests.bin")).toList();
            assertThat(images).hasSize(1);
            return images.get(0);
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
