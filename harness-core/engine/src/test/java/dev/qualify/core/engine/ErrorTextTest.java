package dev.qualify.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {
    @TempDir
    Path dir;

    @Test
    void theMessageIsTheFirstLineAndTheDetailTheToolOutputAfterIt() {
        ErrorText t = ErrorText.of("flash command vendor-flash exited with 7 after 12 ms; last output:\nline a\nline b\n");
        assertThat(t.message()).isEqualTo("flash command vendor-flash exited with 7 after 12 ms; last output:");
        assertThat(t.detail()).isEqualTo("line a\nline b");
        assertThat(ErrorText.of("one line").detail()).isNull();
        assertThat(ErrorText.of(null).message()).isNull();
    }

    @Test
    void theStackTraceGoesToTheLogMasked() throws Exception {
        SecretMask mask = new SecretMask();
        mask.add("hunter22");
        Path file = dir.resolve("t.log");
        try (TestLog log = new TestLog(file, Clock.systemUTC(), mask)) {
            ErrorText.logTrace(log, new IllegalStateException("password hunter22 rejected"));
        }
        String text = Files.readString(file);
        assertThat(text).contains("stack trace").contains("java.lang.IllegalStateException: password <redacted> rejected")
                .contains("at dev.qualify.core.engine.ErrorTextTest").doesNotContain("hunter22");
    }
}
