package dev.qualify.cloud.capture;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PacketFileTest {
    @TempDir
    Path dir;

    private static MqttMessage connect(String clientId) {
        return MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(30).build();
    }

    private static MqttMessage publish(String topic, String payload, int id) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(true).messageId(id)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    @Test
    void whatTheWriterRecordsReadsBackAsTheSamePacketsAndEventsWithTheirClient() {
        Path file = PacketFile.of(dir);
        PacketLog log = new PacketLog(100);
        try (PacketFileWriter w = new PacketFileWriter(file, 1 << 20, 1000)) {
            log.addSink(w);
            log.connection("c1", "mqtt-tls", "127.0.0.1:5000", "OPENED", null);
            log.packet("c1", null, true, connect("board-1"));
            log.packet("c1", "board-1", true, publish("board-1/t", "hello", 7));
            log.connection("c1", "mqtt-tls", "127.0.0.1:5000", "CLOSED", "CLIENT_INITIATED_DISCONNECT");
        }
        PacketFile.Contents c = PacketFile.read(dir);
        assertThat(c.packets()).hasSize(2);
        CapturedPacket original = log.packets().get(1);
        CapturedPacket read = c.packets().get(1);
        assertThat(read).usingRecursiveComparison().isEqualTo(original);
        assertThat(read.payloadAsString()).isEqualTo("hello");
        assertThat(read.packetId()).isEqualTo(7);
        assertThat(read.retain()).isTrue();
        assertThat(c.packets().get(0).clientId()).isEqualTo("board-1");
        assertThat(c.events()).extracting(ConnectionEvent::event).containsExactly("OPENED", "CLOSED");
        assertThat(c.events("board-1")).extracting(ConnectionEvent::event).containsExactly("OPENED", "CLOSED");
        assertThat(c.events("someone-else")).isEmpty();
    }

    @Test
    void theWriterWritesEachEntryAsItsLineInCaptureOrder() throws Exception {
        Path file = PacketFile.of(dir);
        PacketLog log = new PacketLog(100);
        try (PacketFileWriter w = new PacketFileWriter(file, 1 << 20, 1000)) {
            log.addSink(w);
            log.connection("c1", "mqtt-tls", "127.0.0.1:5000", "OPENED", null);
            log.packet("c1", null, true, connect("board-1"));
            log.packet("c1", "board-1", true, publish("board-1/t \"quoted\" \u00e9", "h\u00e9llo\n", 7));
            log.packet("c1", "board-1", false, MqttMessageBuilders.subscribe().messageId(2).addSubscription(MqttQoS.AT_MOST_ONCE, "a/#").build());
            log.connection("c1", "mqtt-tls", "127.0.0.1:5000", "CLOSED", "said \"bye\"");
        }
        List<CapturedPacket> p = log.packets();
        List<ConnectionEvent> e = log.connectionEvents();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(PacketFile.line(e.get(0), null),
                PacketFile.line(p.get(0)), PacketFile.line(p.get(1)), PacketFile.line(p.get(2)), PacketFile.line(e.get(1), "board-1"));
    }

    @Test
    void theFileIsRotatedAtItsSizeAndReadingGivesTheKeptFilesOldestFirst() throws Exception {
        Path file = PacketFile.of(dir);
        PacketLog log = new PacketLog(10_000);
        try (PacketFileWriter w = new PacketFileWriter(file, 4096, 10_000)) {
            log.addSink(w);
            for (int i = 1; i <= 60; i++) log.packet("c1", "b", true, publish("b/t", "message number " + i, i));
        }
        assertThat(PacketFile.rotated(file, 1)).exists();
        assertThat(PacketFile.rotated(file, 2)).exists();
        assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
        List<CapturedPacket> kept = PacketFile.read(file).packets();
        assertThat(kept.size()).isLessThan(60); // the oldest went with the third rotation
        assertThat(kept.get(kept.size() - 1).packetId()).isEqualTo(60);
        for (int i = 1; i < kept.size(); i++) assertThat(kept.get(i).packetId()).isEqualTo(kept.get(i - 1).packetId() + 1);
    }

    @Test
    void anIncompleteLastLineIsLeftOutAndABrokenLineNamesTheFileAndLine() throws Exception {
        Path file = PacketFile.of(dir);
        Files.createDirectories(file.getParent());
        PacketLog log = new PacketLog(10);
        log.packet("c1", "b", true, publish("b/t", "x", 1));
        String line = PacketFile.line(log.packets().get(0));
        Files.writeString(file, line + "\n" + "{\"kind\":\"future-kind\"}\n" + line.substring(0, 20));
        assertThat(PacketFile.read(file).packets()).hasSize(1);
        Files.writeString(file, line + "\n{\"kind\":\"packet\"}\n");
        assertThatThrownBy(() -> PacketFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " line 2").hasMessageContaining("no field 'seq'");
    }

    @Test
    void theTailFollowsNewEntriesAcrossARotationWithoutLosingOne() throws Exception {
        Path file = PacketFile.of(dir);
        PacketLog log = new PacketLog(10_000);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread tail = new Thread(() -> {
            try {
                new PacketFileTail(file, 10).follow(e -> {
                    if (e.packet() != null) seen.add(e.packet().packetId());
                }, stop::get);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        tail.start();
        int total;
        try (PacketFileWriter w = new PacketFileWriter(file, 2048, 10_000)) {
            log.addSink(w);
            for (int i = 1; i <= 20; i++) { // the tail keeps up, across rotations
                log.packet("c1", "b", true, publish("b/t", "message number " + i, i));
                int n = i;
                await().atMost(20, TimeUnit.SECONDS).until(() -> seen.size() == n);
            }
            assertThat(PacketFile.rotated(file, 2)).exists();
            // then a burst of one file and one line: up to two rotations the tail may fall behind by
            int perFile = Files.readAllLines(PacketFile.rotated(file, 1)).size();
            total = 20 + perFile + 1;
            for (int i = 21; i <= total; i++) log.packet("c1", "b", true, publish("b/t", "message number " + i, i));
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> seen.size() >= total);
        stop.set(true);
        tail.join(5000);
        assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, total).boxed().toList());
    }
}
