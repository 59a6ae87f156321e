package dev.qualify.core.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryFileSortedInSha256sumFormatButNotItselfOrItsSignature() throws Exception {
        Files.createDirectories(dir.resolve("logs/b"));
        Files.writeString(dir.resolve("logs/b/t.log"), "abc");
        Files.writeString(dir.resolve("a.txt"), "");
        Files.writeString(dir.resolve(Manifest.FILE_NAME), "old");
        Files.writeString(dir.resolve(Manifest.SIGNATURE_FILE_NAME), "old");

        assertThat(new String(Manifest.of(dir).bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.txt\n"
                        + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  logs/b/t.log\n");
    }

    @Test
    void pathsWithBackslashOrNewlineAreEscapedAsSha256sumDoesAndReadBack() {
        String hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        Manifest m = new Manifest(Map.of("odd\\name\nx.log", hash, "plain.log", hash));
        String text = new String(m.bytes(), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\\" + hash + "  odd\\\\name\\nx.log\n" + hash + "  plain.log\n");
        assertThat(Manifest.parse(m.bytes())).isEqualTo(m);
    }

    @Test
    void aLineThatIsNotAHashAndPathOrAPathLeavingTheDirectoryIsRefusedWithItsLineNumber() {
        String hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertThatThrownBy(() -> Manifest.parse((hash + "  a\nnot a line\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> Manifest.parse((hash + "  ../../etc/passwd\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("leaves the run directory");
        assertThatThrownBy(() -> Manifest.parse((hash + "  /etc/passwd\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("leaves the run directory");
    }
}
