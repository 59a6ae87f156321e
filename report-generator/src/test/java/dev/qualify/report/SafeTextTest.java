package dev.qualify.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void cleanRemovesCharactersXmlCannotCarryAndKeepsTheRest() {
        assertThat(SafeText.clean(SampleRuns.HOSTILE)).isEqualTo(SampleRuns.HOSTILE_CLEANED);
        assertThat(SafeText.clean("tab\tlf\ncr\r\u00e9\uD83D\uDE00")).isEqualTo("tab\tlf\ncr\r\u00e9\uD83D\uDE00");
        assertThat(SafeText.clean(null)).isEmpty();
    }

    @Test
    void oneLineTurnsLineBreaksAndTabsIntoSpaces() {
        assertThat(SafeText.oneLine(" a\tb\r\nc\u0000 ")).isEqualTo("a b  c");
    }

    @Test
    void wellFormedReplacesOnlyLoneSurrogates() {
        assertThat(SafeText.wellFormed("a\uD800b\uDC00c\uD83D\uDE00\u0001")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00\u0001");
        assertThat(SafeText.wellFormed("x\uD83D")).isEqualTo("x\uFFFD");
        assertThat(SafeText.wellFormed(null)).isNull();
    }
}
