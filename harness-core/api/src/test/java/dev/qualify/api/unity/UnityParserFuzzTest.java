package dev.qualify.api.unity;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link UnityParser} with Jazzer. The input is console output as bytes, decoded as
 * UTF-8 the way the console drivers decode it (undecodable bytes become U+FFFD), split into lines and fed one at a
 * time; the low bits of the first byte choose 1 to 3 expected suites.
 *
 * <p>A crash is any exception out of {@code accept} or {@code result}: the parser documents none for any line, it
 * reports what it saw as problems instead. A hang is an input that runs longer than the 10 s of {@code @Timeout},
 * which Jazzer makes libFuzzer's per-input timeout (each line costs constant time for a bounded length). Also
 * checked: the counts the parser gives agree with one another.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs under {@code UnityParserFuzzTestInputs/} as a regression
 * test; {@code mvn -Pfuzz} fuzzes (see the parent pom).
 */
class UnityParserFuzzTest {

    // per input: what counts as a hang (under -Pfuzz, libFuzzer's -timeout); a thread of its own so that a
    // regression run fails at the deadline rather than when the input finally finishes
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest
    @DictionaryEntries({"TEST(", ", ", ")", " PASS", "::FAIL: ", ":FAIL", ":PASS", ":IGNORE", "::IGNORE", ":INFO: ",
            " Tests ", " Failures ", " Ignored", "OK", "FAIL", "FAILED", UnityParser.START_MARKER,
            UnityParser.END_MARKER, "HardFault", "C:/", "file.c:", "..."})
    void anyConsoleOutputGivesAResultAndNoException(byte[] data) {
        int suites = data.length == 0 ? 1 : 1 + (data[0] & 0xFF) % 3;
        UnityParser parser = new UnityParser(UnityParserOptions.defaults().withExpectedSuites(suites));
        String text = new String(data, StandardCharsets.UTF_8);
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            parser.accept(line);
            lines++;
        }
        UnityRun run = parser.result();
        assertThat(run.linesSeen()).isEqualTo(lines);
        assertThat(parser.caseCount()).isEqualTo(parser.cases().size());
        for (UnityCase c : parser.cases()) {
            assertThat(c.name()).isNotNull();
            assertThat(c.outcome()).isNotNull();
        }
    }
}
