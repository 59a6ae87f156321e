package dev.qualify.core.boot;

import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aBoardMayPrintTheImageFilesSha256OrAPrefixOfAtLeastSevenHexDigits() throws Exception {
        Path image = Files.write(dir.resolve("aws_tests.bin"), new byte[]{1, 2, 3});
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[]{1, 2, 3}));
        ImageIdentity id = ImageIdentity.of(image);
        assertThat(id.sha256()).isEqualTo(sha);
        assertThat(id.recorded()).isNull();
        assertThat(id.matches(sha)).isTrue();
        assertThat(id.matches(sha.substring(0, 12))).isTrue();
        assertThat(id.matches(sha.substring(0, 12).toUpperCase())).as("case is ignored").isTrue();
        assertThat(id.matches(sha.substring(0, 7))).isTrue();
        assertThat(id.matches(sha.substring(0, 6))).as("too short to name an image").isFalse();
        assertThat(id.matches(sha.substring(1, 13))).as("not a prefix").isFalse();
        assertThat(id.matches("")).isFalse();
        assertThat(id.matches(null)).isFalse();
        assertThat(id.describe()).contains("aws_tests.bin").contains(sha.substring(0, 12));
    }

    @Test
    void theIdentityTheBuildRecordedNextToTheImageMatchesExactly() throws Exception {
        Path image = Files.write(dir.resolve("qemu-board.elf"), new byte[]{7});
        Files.writeString(dir.resolve("qemu-board.elf.identity"), "e3e43165ba72\n");
        ImageIdentity id = ImageIdentity.of(image);
        assertThat(id.recorded()).isEqualTo("e3e43165ba72");
        assertThat(id.matches("e3e43165ba72")).isTrue();
        assertThat(id.matches(" E3E43165BA72 ")).isTrue();
        assertThat(id.matches("e3e43165ba")).as("a recorded identity is compared whole").isFalse();
        assertThat(id.matches("2b5d850d3656")).isFalse();
        assertThat(id.describe()).contains("recorded identity e3e43165ba72");
    }

    @Test
    void anImageThatCannotBeReadIsAWrongImageErrorNamingIt() {
        Path missing = dir.resolve("gone.bin");
        assertThatThrownBy(() -> ImageIdentity.of(missing)).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("gone.bin")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("wrong-image"));
    }
}
