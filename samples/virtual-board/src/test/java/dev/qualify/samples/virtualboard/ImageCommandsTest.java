package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick start of {@code build} and {@code flash}: the same results as the picocli path, without picocli. */
class ImageCommandsTest {

    @TempDir
    Path dir;

    /** What a board JVM started with {@code args} did: exit code, stdout, stderr and the classes it loaded. */
    private record Started(int exit, String out, String err, String classes) {
    }

    private Started start(String... args) throws Exception {
        Path board = Paths.get(VirtualBoardMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path picocli = Paths.get(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path log = Files.createTempFile(dir, "classes", ".log");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:file=" + log, "-cp", board + File.pathSeparator + picocli,
                VirtualBoardMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the board JVM exits").isTrue();
        return new Started(p.exitValue(), Files.readString(out), Files.readString(err), Files.readString(log));
    }

    @Test
    void plainBuildAndFlashRunWithoutLoadingPicocli() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )"));
        Path image = dir.resolve("image.zip");
        Path flash = dir.resolve("flash.bin");

        Started build = start("build", project.toString(), image.toString());
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).startsWith("Built " + image + " (" + Files.size(image) + " bytes, ")
                .contains("enabled: CORE_PKCS11_TEST_ENABLED)");
        assertThat(build.classes()).contains(ImageCommands.class.getName()).doesNotContain("picocli.");

        Started flashed = start("flash", image.toString(), flash.toString());
        assertThat(flashed.exit()).as(flashed.err()).isZero();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(image)));
        assertThat(flashed.out()).isEqualTo("Flashed " + image + " to " + flash + " (" + Files.size(image)
                + " bytes, SHA-256 " + sha256 + ")" + System.lineSeparator());
        assertThat(Files.readAllBytes(flash)).isEqualTo(Files.readAllBytes(image));
        assertThat(flashed.classes()).doesNotContain("picocli.");
    }

    @Test
    void aFailedQuickBuildOrFlashSaysWhatThePicocliPathSaysAndExitsOne() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("TEST_START_DELAY_MS", "( soon )"));
        Path notAnImage = project.resolve(FirmwareImage.PARAM_HEADER);
        String[][] failing = {
                {"build", project.toString(), dir.resolve("bad.zip").toString()},
                {"flash", notAnImage.toString(), dir.resolve("flash.bin").toString()},
                {"flash", dir.resolve("missing.zip").toString(), dir.resolve("flash.bin").toString()}};
        for (String[] args : failing) {
            StringWriter err = new StringWriter();
            int viaPicocli = VirtualBoardMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
            Started quick = start(args);
            assertThat(viaPicocli).isEqualTo(1);
            assertThat(quick.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(quick.err()).isEqualTo(err.toString()).startsWith("virtual-board " + args[0] + ": error: ");
            assertThat(quick.out()).isEmpty();
            assertThat(quick.classes()).doesNotContain("picocli.");
        }
        assertThat(Files.exists(dir.resolve("bad.zip"))).isFalse();
        assertThat(Files.exists(dir.resolve("flash.bin"))).isFalse();
    }

    @Test
    void everyOtherCommandLineIsLeftToPicocli() throws Exception {
        for (String[] args : new String[][] {
                {}, {"build"}, {"build", "src"}, {"build", "src", "image.zip", "extra"}, {"run", "a", "b"},
                {"build", "--help", "x"}, {"flash", "-h", "x"}, {"flash", "image.zip", "-V"},
                {"build", "--", "image.zip"}, {"build", "@args.txt", "image.zip"}, {"flash", "", "flash.bin"},
                {"build", "src\0", "image.zip"}}) {
            assertThat(ImageCommands.quick(args)).as(String.join(" ", args)).isNull();
        }
        Started help = start("flash", "--help", "x");
        assertThat(help.out()).contains("Usage: virtual-board flash");
        assertThat(help.classes()).contains("picocli.CommandLine");
    }
}
