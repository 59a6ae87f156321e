package dev.qualify.connectors.serial;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ByteTailTest {
    @Test
    void rendersNothingAsNone() {
        assertThat(new ByteTail(8).render()).isEqualTo("(none)");
    }

    @Test
    void escapesControlBytesAndQuotes() {
        ByteTail t = new ByteTail(32);
        byte[] b = {'o', 'k', '\r', '\n', 0, (byte) 0xFF, '"', '\\'};
        t.add(b, 0, b.length);
        assertThat(t.render()).isEqualTo("\"ok\\r\\n\\x00\\xff\\\"\\\\\"");
    }

    @Test
    void keepsOnlyTheLastBytesAcrossManyWrites() {
        ByteTail t = new ByteTail(4);
        t.add("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        t.add("defgh".getBytes(StandardCharsets.US_ASCII), 1, 3); // efg
        assertThat(t.render()).isEqualTo("...\"cefg\"");
        t.add("0123456789".getBytes(StandardCharsets.US_ASCII), 0, 10);
        assertThat(t.render()).isEqualTo("...\"6789\"");
        assertThat(t.total()).isEqualTo(16);
    }
}
