package dev.qualify.testkit;

import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeFlasherAndBuilderTest {
    @TempDir
    Path dir;

    @Test
    void theBuilderWritesAnImageNamingTheSourceFilesAndRecordsTheBuild() throws Exception {
        Files.createDirectories(dir.resolve("src/include"));
        Files.writeString(dir.resolve("src/include/config.h"), "#define X 1\n");
        FakeBuilder b = new FakeBuilder();
        Path image = b.build(dir.resolve("src"), dir.resolve("out/fw.bin"));
        assertThat(Files.readString(image)).contains("include/config.h");
        assertThat(b.builds()).singleElement().satisfies(x -> {
            assertThat(x.sourceFiles()).containsExactly("include/config.h");
            assertThat(x.succeeded()).isTrue();
        });
    }

    @Test
    void aFailingBuildIsBuildFailedWithTheOutputTailAndWritesNoImage() {
        FakeBuilder b = new FakeBuilder().failWith("error: undefined reference to main");
        assertThatThrownBy(() -> b.build(dir, dir.resolve("fw.bin")))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("undefined reference")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("build-failed"));
        assertThat(dir.resolve("fw.bin")).doesNotExist();
        assertThat(b.count()).isEqualTo(1);
    }

    @Test
    void failNextFailsOnlyTheNextBuild() {
        FakeBuilder b = new FakeBuilder().failNext();
        assertThatThrownBy(() -> b.build(dir, dir.resolve("a.bin"))).isInstanceOf(InfrastructureException.class);
        assertThat(b.build(dir, dir.resolve("a.bin"))).exists();
    }

    @Test
    void theFlasherRecordsImagesAndFailsWithFlashFailed() throws Exception {
        Path image = Files.writeString(dir.resolve("fw.bin"), "x");
        FakeFlasher f = new FakeFlasher();
        f.flash(image);
        assertThat(f.flashed()).containsExactly(image);
        f.failNext();
        assertThatThrownBy(() -> f.flash(image)).isInstanceOf(InfrastructureException.class)
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("flash-failed"));
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.flashed()).hasSize(1);
    }

    @Test
    void flashingAMissingImageIsFlashFailedNotATimeout() {
        FakeFlasher f = new FakeFlasher();
        assertThatThrownBy(() -> f.flash(dir.resolve("none.bin"))).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("no image")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("flash-failed"));
    }
}
