package dev.qualify.connectors.serial;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReopeningPortTest {
    private final AtomicReference<String> present = new AtomicReference<>("/dev/ttyUSB0");
    private final AtomicBoolean expectedAbsent = new AtomicBoolean();
    private final List<FakeChannel> opened = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    private final PortSource source = new PortSource() {
        @Override
        public Optional<String> locate() {
            return Optional.ofNullable(present.get());
        }

        @Override
        public String describe() {
            return "usb 10c4:ea60";
        }

        @Override
        public boolean expectedAbsent() {
            return expectedAbsent.get();
        }
    };

    private ReopeningPort port(Duration deadline) {
        return new ReopeningPort(source, (path, line) -> {
            FakeChannel c = new FakeChannel(path);
            opened.add(c);
            return c;
        }, LineSettings.DEFAULT, deadline, Duration.ofMillis(5), notes::add);
    }

    private static String read(InputStream in, int count) throws IOException {
        byte[] buf = new byte[count];
        int got = 0;
        while (got < count) {
            int n = in.read(buf, got, count - got);
            if (n < 0) break;
            got += n;
        }
        return new String(buf, 0, got, StandardCharsets.UTF_8);
    }

    @Test
    void vanishedPortIsLookedUpAgainReopenedAndTheStreamContinues() throws Exception {
        try (ReopeningPort port = port(Duration.ofSeconds(10))) {
            port.open();
            opened.get(0).feed("abc");
            assertThat(read(port.input(), 3)).isEqualTo("abc");

            present.set(null);
            opened.get(0).vanish();
            Thread reader = new Thread(() -> {
                try {
                    assertThat(read(port.input(), 3)).isEqualTo("def");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            Thread.sleep(50);
            present.set("/dev/ttyUSB1"); // renumbered
            while (opened.size() < 2) Thread.sleep(5);
            opened.get(1).feed("def");
            reader.join(5000);

            assertThat(reader.isAlive()).isFalse();
            assertThat(port.currentPath()).hasValue("/dev/ttyUSB1");
            assertThat(port.reopenCount()).isEqualTo(1);
            assertThat(notes).anyMatch(n -> n.startsWith("reopened serial usb 10c4:ea60 at /dev/ttyUSB1"));
            port.output().write("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(opened.get(1).written.toString(StandardCharsets.US_ASCII)).isEqualTo("x");
        }
    }

    @Test
    void portThatStaysAwayFailsTheReadNamingThePortTheDeadlineAndTheLastBytes() throws Exception {
        try (ReopeningPort port = port(Duration.ofMillis(100))) {
            port.open();
            opened.get(0).feed("boot: ok\r\n\u0001");
            assertThat(read(port.input(), 11)).startsWith("boot");
            present.set(null);
            opened.get(0).vanish();

            assertThatThrownBy(() -> port.input().read(new byte[10], 0, 10))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("serial port usb 10c4:ea60 disappeared and did not come back within 100 ms")
                    .hasMessageContaining("\"boot: ok\\r\\n\\x01\"");
            assertThatThrownBy(() -> port.output().write(1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("did not come back");
        }
    }

    @Test
    void initialOpenWaitsForThePortAndSaysItNeverAppeared() {
        present.set(null);
        try (ReopeningPort port = port(Duration.ofMillis(50))) {
            assertThatThrownBy(port::open).isInstanceOf(IOException.class)
                    .hasMessageContaining("did not appear within 50 ms")
                    .hasMessageContaining("last bytes seen: (none)");
        }
    }

    @Test
    void absenceExpectedByTheSourceDoesNotRunTheDeadline() throws Exception {
        try (ReopeningPort port = port(Duration.ofMillis(30))) {
            port.open();
            expectedAbsent.set(true);
            present.set(null);
            opened.get(0).vanish();
            List<String> got = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    got.add(read(port.input(), 2));
                } catch (IOException e) {
                    got.add("failed: " + e.getMessage());
                }
            });
            reader.start();
            Thread.sleep(200); // far beyond the 30 ms deadline
            assertThat(got).isEmpty();
            present.set("/dev/pts/9");
            expectedAbsent.set(false);
            while (opened.size() < 2) Thread.sleep(5);
            opened.get(1).feed("ok");
            reader.join(5000);
            assertThat(got).containsExactly("ok");
        }
    }

    @Test
    void closeMakesABlockedReadReturnEndOfStream() throws Exception {
        ReopeningPort port = port(Duration.ofSeconds(10));
        port.open();
        int[] result = new int[] {99};
        Thread reader = new Thread(() -> {
            try {
                result[0] = port.input().read(new byte[4], 0, 4);
            } catch (IOException e) {
                result[0] = -99;
            }
        });
        reader.start();
        Thread.sleep(30);
        port.close();
        reader.join(5000);
        assertThat(result[0]).isEqualTo(-1);
        assertThat(opened.get(0).closed).isTrue();
    }

    @Test
    void modemLinesGoToTheOpenChannel() throws Exception {
        try (ReopeningPort port = port(Duration.ofSeconds(1))) {
            port.open();
            port.setDtr(true);
            port.setRts(false);
            assertThat(opened.get(0).lineEvents).containsExactly("DTR=true", "RTS=false");
        }
    }
}
