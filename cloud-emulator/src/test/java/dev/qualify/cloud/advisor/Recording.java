package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import dev.qualify.cloud.capture.TlsClientHello;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A synthetic recording for the rule engine's tests: packets and events on a clock that advances by hand. */
final class Recording {
    static final String CLIENT = "dev-1";
    static final String LISTENER = "advisor-board-1";
    final List<CapturedPacket> packets = new ArrayList<>();
    final List<ConnectionEvent> events = new ArrayList<>();
    final List<TlsClientHello> hellos = new ArrayList<>();
    private long seq;
    private long nanos = 1_000_000_000L;

    Recording at(double ms) {
        nanos = 1_000_000_000L + (long) (ms * 1e6);
        return this;
    }

    Recording event(String conn, String event, String detail) {
        events.add(new ConnectionEvent(++seq, Instant.EPOCH, nanos, conn, LISTENER, "127.0.0.1:1", event, detail));
        return this;
    }

    Recording hello(String conn, String served, List<String> versions, Integer... suites) {
        hellos.add(new TlsClientHello(++seq, Instant.EPOCH, nanos, conn, LISTENER, versions, List.of(suites), null, served));
        return this;
    }

    Recording packet(String conn, Direction d, PacketType t, int id, int qos, boolean dup, String topic, String detail) {
        packets.add(new CapturedPacket(++seq, Instant.EPOCH, nanos, conn, CLIENT, d, t, id, qos, dup, false, topic,
                topic == null ? new byte[0] : "x".getBytes(StandardCharsets.UTF_8), List.of(), List.of(0), detail));
        return this;
    }

    /** OPENED, TLS_ESTABLISHED, CONNECT and an accepting CONNACK. */
    Recording connected(String conn, boolean sessionPresent) {
        event(conn, "OPENED", null).event(conn, "TLS_ESTABLISHED", null);
        packet(conn, Direction.IN, PacketType.CONNECT, -1, 0, false, null,
                "CONNECT clientId=" + CLIENT + " version=4 keepAlive=2 cleanSession=false");
        return packet(conn, Direction.OUT, PacketType.CONNACK, -1, 0, false, null,
                "CONNACK code=0 sessionPresent=" + sessionPresent);
    }

    Recording publishIn(String conn, int id, boolean dup) {
        return packet(conn, Direction.IN, PacketType.PUBLISH, id, 1, dup, "dev-1/telemetry", "PUBLISH");
    }

    Recording pubackOut(String conn, int id) {
        return packet(conn, Direction.OUT, PacketType.PUBACK, id, 0, false, null, "PUBACK");
    }

    Recording closed(String conn, String reason) {
        return event(conn, "CLOSED", reason);
    }

    Verdict judge(AdvisorCase c) {
        return judge(c, AdvisorSettings.defaults("dev-1"));
    }

    Verdict judge(AdvisorCase c, AdvisorSettings settings) {
        return DeviceAdvisor.judge(CLIENT, LISTENER, packets, events, hellos, settings, List.of(c)).get(0);
    }

    /** A QoS 1 PUBLISH from the broker larger than one TLS record. */
    Recording largePublishOut(String conn, int id) {
        packets.add(new CapturedPacket(++seq, Instant.EPOCH, nanos, conn, CLIENT, Direction.OUT, PacketType.PUBLISH, id, 1,
                false, false, "dev-1/advisor/trigger", new byte[AdvisorSettings.MAX_TLS_RECORD + 1024], List.of(), List.of(),
                "PUBLISH"));
        return this;
    }

    /** A SUBSCRIBE of the device to these filters. */
    Recording subscribeIn(String conn, int id, String... filters) {
        packets.add(new CapturedPacket(++seq, Instant.EPOCH, nanos, conn, CLIENT, Direction.IN, PacketType.SUBSCRIBE, id, 1,
                false, false, null, new byte[0], List.of(filters), List.of(), "SUBSCRIBE " + List.of(filters)));
        return this;
    }
}
