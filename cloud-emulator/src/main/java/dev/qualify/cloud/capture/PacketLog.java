package dev.qualify.cloud.capture;

import dev.qualify.cloud.broker.PacketObserver;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every packet of every client and every connection event, in order, with times; bounded (the oldest entries are
 * dropped beyond the capacity and counted). Thread-safe.
 */
public final class PacketLog implements PacketObserver {
    private final int capacity;
    private final ArrayDeque<CapturedPacket> packets = new ArrayDeque<>();
    private final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    private final ArrayDeque<TlsClientHello> hellos = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private long dropped;
    private final java.util.List<PacketSink> sinks = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PacketLog(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity < 1");
        this.capacity = capacity;
    }

    /** Also hands every packet and connection event to this sink, as it is recorded (e.g. {@link PacketFileWriter}). */
    public void addSink(PacketSink sink) {
        sinks.add(sink);
    }

    /** All captured packets, oldest first. */
    public synchronized List<CapturedPacket> packets() {
        return new ArrayList<>(packets);
    }

    /** Packets of one client id, oldest first. */
    public List<CapturedPacket> packets(String clientId) {
        return packets(p -> clientId.equals(p.clientId()));
    }

    public synchronized List<CapturedPacket> packets(Predicate<CapturedPacket> filter) {
        List<CapturedPacket> out = new ArrayList<>();
        for (CapturedPacket p : packets) if (filter.test(p)) out.add(p);
        return out;
    }

    /** Connection events, oldest first. */
    public synchronized List<ConnectionEvent> connectionEvents() {
        return new ArrayList<>(events);
    }

    /** TLS ClientHellos of the listeners that record them (the Device Advisor endpoints), oldest first. */
    public synchronized List<TlsClientHello> clientHellos() {
        return new ArrayList<>(hellos);
    }

    /** The next capture sequence number (shared by packets, events and hellos), for records made outside. */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    @Override
    public void clientHello(TlsClientHello hello) {
        synchronized (this) {
            if (hellos.size() >= capacity) {
                hellos.poll();
                dropped++;
            }
            hellos.add(hello);
        }
    }

    /** Entries dropped because the log was full. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void clear() {
        packets.clear();
        events.clear();
        hellos.clear();
    }

    @Override
    public void packet(String connectionId, String clientId, boolean inbound, MqttMessage m) {
        CapturedPacket p = describe(sequence.incrementAndGet(), connectionId, clientId, inbound, m);
        synchronized (this) {
            if (packets.size() >= capacity) {
                packets.poll();
                dropped++;
            }
            packets.add(p);
        }
        for (PacketSink s : sinks) s.packet(p);
    }

    @Override
    public void connection(String connectionId, String listener, String remoteAddress, String event, String detail) {
        ConnectionEvent e = new ConnectionEvent(sequence.incrementAndGet(), Instant.now(), System.nanoTime(), connectionId, listener,
                remoteAddress, event, detail);
        synchronized (this) {
            if (events.size() >= capacity) {
                events.poll();
                dropped++;
            }
            events.add(e);
        }
        for (PacketSink s : sinks) s.event(e);
    }

    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final PacketType[] TYPES = new PacketType[MqttMessageType.values().length];

    /** The list of each one-byte reason code, made once. */
    private static final List<List<Integer>> CODES = java.util.stream.IntStream.range(0, 256).mapToObj(List::of).toList();

    static {
        for (MqttMessageType t : MqttMessageType.values()) TYPES[t.ordinal()] = PacketType.valueOf(t.name());
    }

    /**
     * The record of one packet. Cheap for the common packets (it runs on the event loop for every packet): their
     * detail is left for {@link CapturedPacket#detail()} to make from the fields when asked; only CONNECT, CONNACK, a
     * PUBLISH with a topic alias and a malformed packet carry one, as they say more than the fields.
     */
    private static CapturedPacket describe(long seq, String connectionId, String clientId, boolean inbound, MqttMessage m) {
        Instant at = Instant.now();
        long nanos = System.nanoTime();
        Direction dir = inbound ? Direction.IN : Direction.OUT;
        if (m.decoderResult() != null && m.decoderResult().isFailure()) {
            return new CapturedPacket(seq, at, nanos, connectionId, clientId, dir, PacketType.MALFORMED, -1, 0, false, false, null,
                    NO_PAYLOAD, List.of(), List.of(), "malformed: " + m.decoderResult().cause());
        }
        PacketType type = TYPES[m.fixedHeader().messageType().ordinal()];
        int qos = m.fixedHeader().qosLevel().value();
        boolean dup = m.fixedHeader().isDup();
        boolean retain = m.fixedHeader().isRetain();
        int packetId = m.variableHeader() instanceof MqttMessageIdVariableHeader id ? id.messageId() : -1;
        String topic = null;
        byte[] payload = NO_PAYLOAD;
        List<String> filters = List.of();
        List<Integer> codes = List.of();
        String detail = null;
        if (m instanceof MqttConnectMessage c) {
            clientId = c.payload().clientIdentifier();
            topic = c.variableHeader().isWillFlag() ? c.payload().willTopic() : null;
            detail = "CONNECT clientId=" + clientId + " version=" + c.variableHeader().version() + " keepAlive="
                    + c.variableHeader().keepAliveTimeSeconds() + " cleanSession=" + c.variableHeader().isCleanSession()
                    + (topic != null ? " will=" + topic : "") + (c.variableHeader().hasUserName() ? " username=<set>" : "");
        } else if (m instanceof MqttConnAckMessage c) {
            codes = CODES.get(c.variableHeader().connectReturnCode().byteValue() & 0xFF);
            detail = "CONNACK code=" + codes.get(0) + " sessionPresent=" + c.variableHeader().isSessionPresent();
        } else if (m instanceof MqttPublishMessage p) {
            packetId = p.variableHeader().packetId();
            topic = p.variableHeader().topicName();
            payload = p.payload().isReadable() ? ByteBufUtil.getBytes(p.payload()) : NO_PAYLOAD;
            MqttProperties.MqttProperty<?> alias = p.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS);
            if (alias != null) {
                detail = "PUBLISH topic=" + topic + " alias=" + alias.value() + " qos=" + qos + (dup ? " dup" : "")
                        + (retain ? " retain" : "") + " bytes=" + payload.length;
            }
        } else if (m instanceof MqttSubscribeMessage s) {
            packetId = s.idAndPropertiesVariableHeader().messageId();
            List<String> f = new ArrayList<>();
            for (MqttTopicSubscription t : s.payload().topicSubscriptions()) f.add(t.topicFilter());
            filters = f;
        } else if (m instanceof MqttUnsubscribeMessage u) {
            packetId = u.idAndPropertiesVariableHeader().messageId();
            filters = u.payload().topics();
        } else if (m instanceof MqttSubAckMessage s) {
            packetId = s.idAndPropertiesVariableHeader().messageId();
            codes = s.payload().reasonCodes();
        } else {
            if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader r) {
                codes = CODES.get(r.reasonCode() & 0xFF);
            } else if (m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader r) {
                codes = CODES.get(r.reasonCode() & 0xFF);
            }
        }
        return new CapturedPacket(seq, at, nanos, connectionId, clientId, dir, type, packetId, qos, dup, retain, topic, payload,
                filters, codes, detail);
    }
}
