package dev.qualify.samples.virtualboard.advisor;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FLIT's {@code RunDeviceAdvisorDemo()} on the virtual board: an MQTT 3.1.1 device that runs until reset. It
 * connects with a persistent session (retrying with exponential backoff and jitter), subscribes at QoS 1 to its
 * trigger topic, its shadow delta and its jobs, re-sends an unacknowledged QoS 1 PUBLISH or SUBSCRIBE with the same
 * packet id on the same connection, keeps the connection alive with PINGREQ and gives it up when PINGRESP does not
 * come, reports its state to its classic shadow and follows deltas, completes jobs, and every
 * {@value #PUBLISH_PERIOD_MS} ms publishes telemetry at QoS 0 and QoS 1. {@link AdvisorFaults} bends each of these.
 */
public final class DeviceAdvisorDemo {
    static final long CONNACK_TIMEOUT_MS = 500;
    static final long ACK_TIMEOUT_MS = 1000;
    static final int MAX_TRIES = 3;
    static final long STABLE_MS = 2000;
    static final long PUBLISH_PERIOD_MS = 5000;
    static final long FIRST_TELEMETRY_MS = 200;
    static final int BUFFER_BYTES = 256 * 1024;
    static final int SMALL_BUFFER_BYTES = 5000;
    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DESIRED_PAIR = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"[^\"]*\"|-?\\d+|true|false)");

    /**
     * @param host         {@code MQTT_SERVER_ENDPOINT}
     * @param port         {@code MQTT_SERVER_PORT}
     * @param clientId     {@code MQTT_TEST_CLIENT_IDENTIFIER} (the thing name by default)
     * @param thing        {@code IOT_THING_NAME}
     * @param keepAlive    keep-alive in seconds
     * @param triggerTopic the QoS 1 topic the cloud publishes to
     */
    public record Settings(String host, int port, String clientId, String thing, int keepAlive, String triggerTopic) {
    }

    private enum Failure { CONNACK_TIMEOUT, REFUSED, DROPPED }

    private final Settings s;
    private final SslContext tls;
    private final AdvisorFaults faults;
    private final Consumer<String> log;
    private final RetryDelays delays = new RetryDelays(System.nanoTime());
    private int nextId = 1;
    private boolean everSubscribed;
    /** The broker acknowledged the subscriptions of the current session (a SUBSCRIBE cut off by a drop is sent again). */
    private boolean subscribedAcked;
    private Inflight pending;
    private String reported = "\"firmware\":\"virtual-board\"";
    private long lastTelemetry;
    private boolean acknowledged;

    /** An unacknowledged request: its packet id, what to re-send, how often it was sent, when last. */
    private static final class Inflight {
        int id;
        final String topic;
        final byte[] payload;
        int tries;
        long sentAt;

        Inflight(int id, String topic, byte[] payload) {
            this.id = id;
            this.topic = topic;
            this.payload = payload;
        }
    }

    public DeviceAdvisorDemo(Settings settings, SslContext tls, AdvisorFaults faults, Consumer<String> log) {
        this.s = settings;
        this.tls = tls;
        this.faults = faults;
        this.log = log;
    }

    /** Runs until the thread is interrupted (a reset or power-off). */
    public void run() throws InterruptedException {
        int attempt = 0;
        Failure last = null;
        while (true) {
            if (last != null) {
                long d = delays.delayMs(switch (last) {
                    case CONNACK_TIMEOUT -> faults.connectBackoff();
                    case REFUSED -> faults.reconnectBackoff();
                    case DROPPED -> faults.dropBackoff();
                }, attempt);
                log.accept("DA: retry " + (attempt + 1) + " in " + d + " ms (" + last + ")");
                Thread.sleep(d);
                attempt++;
            }
            MqttLink link;
            try {
                link = MqttLink.open(s.host(), s.port(), tls, faults.smallMqttBuffer() ? SMALL_BUFFER_BYTES : BUFFER_BYTES, 5000);
            } catch (IOException e) {
                log.accept("DA: " + e.getMessage());
                last = Failure.REFUSED;
                continue;
            }
            try (link) {
                link.send(MqttMessageBuilders.connect().clientId(s.clientId()).cleanSession(false).keepAlive(s.keepAlive())
                        .protocolVersion(MqttVersion.MQTT_3_1_1).build());
                Optional<MqttConnAckMessage> ack = connack(link);
                if (ack.isEmpty()) {
                    last = Failure.CONNACK_TIMEOUT;
                    continue;
                }
                if (ack.get().variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    log.accept("DA: CONNECT refused: " + ack.get().variableHeader().connectReturnCode());
                    last = Failure.REFUSED;
                    continue;
                }
                long connectedAt = System.nanoTime();
                acknowledged = false;
                session(link, ack.get().variableHeader().isSessionPresent());
                // the backoff starts over only after a connection that proved usable (an acknowledgement came back,
                // or it lasted): one dropped right after CONNACK keeps backing off
                if (acknowledged || (System.nanoTime() - connectedAt) / 1_000_000 >= STABLE_MS) attempt = 0;
                log.accept("DA: connection ended" + link.failure().map(f -> " (" + f + ")").orElse(""));
                last = Failure.DROPPED;
            }
        }
    }

    private Optional<MqttConnAckMessage> connack(MqttLink link) throws InterruptedException {
        long end = System.nanoTime() + CONNACK_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < end && link.isOpen()) {
            Optional<MqttMessage> m = link.receive(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (m.isPresent() && m.get() instanceof MqttConnAckMessage a) return Optional.of(a);
            m.ifPresent(ReferenceCountUtil::release);
        }
        log.accept("DA: no CONNACK within " + CONNACK_TIMEOUT_MS + " ms");
        return Optional.empty();
    }

    /** One accepted connection, until it drops or the device gives it up. */
    private void session(MqttLink link, boolean sessionPresent) throws InterruptedException {
        long lastSent = System.nanoTime();
        long pingSentAt = 0;
        Inflight subscribe = null;
        if (!sessionPresent) subscribedAcked = false;
        boolean subscribeNeeded = sessionPresent ? faults.resubscribeOnResume() || !subscribedAcked
                : !(faults.neverResubscribe() && everSubscribed);
        if (subscribeNeeded) {
            subscribe = new Inflight(packetId(), null, null);
            sendSubscribe(link, subscribe);
            everSubscribed = true;
        }
        if (pending != null) { // an unacknowledged PUBLISH of the previous connection: re-sent, as MQTT 3.1.1 §4.4 says
            pending.tries = 0;
            sendPublish(link, pending, true);
        }
        if (!faults.noShadow()) publish0(link, "$aws/things/" + s.thing() + "/shadow/update", "{\"state\":{\"reported\":{" + reported + "}}}");
        if (!faults.noJobs()) publish0(link, "$aws/things/" + s.thing() + "/jobs/start-next", "{}");
        lastTelemetry = System.nanoTime() - PUBLISH_PERIOD_MS * 1_000_000 + FIRST_TELEMETRY_MS * 1_000_000; // soon after connecting
        while (link.isOpen()) {
            long now = System.nanoTime();
            if (subscribe != null && elapsedMs(subscribe.sentAt, now) >= ACK_TIMEOUT_MS) {
                if (subscribe.tries >= MAX_TRIES) return;
                if (faults.newSubscribeIdOnRetry()) subscribe.id = packetId();
                sendSubscribe(link, subscribe);
                lastSent = now;
            }
            if (pending != null && elapsedMs(pending.sentAt, now) >= ACK_TIMEOUT_MS) {
                if (pending.tries >= MAX_TRIES || faults.retryAfterReconnect()) {
                    log.accept("DA: no PUBACK for packet id " + pending.id + "; reconnecting");
                    return;
                }
                if (faults.newPacketIdOnRetry()) pending.id = packetId();
                sendPublish(link, pending, true);
                lastSent = now;
            }
            if (elapsedMs(lastTelemetry, now) >= PUBLISH_PERIOD_MS) {
                lastTelemetry = now;
                if (!faults.noQos0()) publish0(link, s.thing() + "/telemetry", "{\"qos\":0}");
                if (pending == null) {
                    pending = new Inflight(packetId(), s.thing() + "/telemetry", "{\"qos\":1}".getBytes(StandardCharsets.UTF_8));
                    sendPublish(link, pending, false);
                }
                lastSent = now;
            }
            if (!faults.noPingreq() && pingSentAt == 0 && elapsedMs(lastSent, now) >= s.keepAlive() * 1000L) {
                link.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                pingSentAt = now;
                lastSent = now;
            }
            if (pingSentAt != 0 && elapsedMs(pingSentAt, now) >= s.keepAlive() * 500L) {
                log.accept("DA: no PINGRESP within " + s.keepAlive() * 500L + " ms; closing the connection");
                return;
            }
            Optional<MqttMessage> in = link.receive(20);
            if (in.isEmpty()) continue;
            MqttMessage m = in.get();
            try {
                switch (m.fixedHeader().messageType()) {
                    case PINGRESP -> {
                        pingSentAt = 0;
                        acknowledged = true;
                    }
                    case PUBACK -> {
                        acknowledged = true;
                        int id = ((MqttPubAckMessage) m).variableHeader().messageId();
                        if (pending != null && pending.id == id) pending = null;
                    }
                    case SUBACK -> {
                        acknowledged = true;
                        int id = ((MqttSubAckMessage) m).variableHeader().messageId();
                        if (subscribe != null && subscribe.id == id) {
                            subscribe = null;
                            subscribedAcked = true;
                        }
                    }
                    case PUBLISH -> {
                        received(link, (MqttPublishMessage) m);
                        lastSent = System.nanoTime();
                    }
                    default -> { }
                }
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
    }

    private void received(MqttLink link, MqttPublishMessage p) {
        String topic = p.variableHeader().topicName();
        if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE && !faults.noPuback()) {
            link.send(MqttMessageBuilders.pubAck().packetId(p.variableHeader().packetId()).build());
        }
        String body = p.payload().toString(StandardCharsets.UTF_8);
        String shadow = "$aws/things/" + s.thing() + "/shadow/";
        if (topic.equals(shadow + "update/delta") && !faults.ignoreDelta()) {
            int state = body.indexOf("\"state\"");
            int from = body.indexOf('{', state);
            int to = body.indexOf('}', from);
            if (state >= 0 && from > 0 && to > from) {
                Matcher pair = DESIRED_PAIR.matcher(body.substring(from + 1, to));
                StringBuilder r = new StringBuilder();
                while (pair.find()) r.append(r.length() == 0 ? "" : ",").append('"').append(pair.group(1)).append("\":").append(pair.group(2));
                if (r.length() > 0) {
                    reported = r.toString();
                    publish0(link, shadow + "update", "{\"state\":{\"reported\":{" + reported + "}}}");
                }
            }
        } else if (topic.startsWith("$aws/things/" + s.thing() + "/jobs/") && !faults.noJobs()) {
            Matcher id = JOB_ID.matcher(body);
            if (id.find() && body.contains("\"execution\"")) {
                publish0(link, "$aws/things/" + s.thing() + "/jobs/" + id.group(1) + "/update", "{\"status\":\"SUCCEEDED\"}");
                log.accept("DA: job " + id.group(1) + " done");
            }
        }
    }

    private void sendSubscribe(MqttLink link, Inflight sub) {
        String base = "$aws/things/" + s.thing();
        var b = MqttMessageBuilders.subscribe().messageId(sub.id);
        for (String f : List.of(s.triggerTopic(), base + "/shadow/update/delta", base + "/jobs/notify-next",
                base + "/jobs/start-next/accepted")) {
            b.addSubscription(MqttQoS.AT_LEAST_ONCE, f);
        }
        if (faults.subscribeOutsidePolicy()) b.addSubscription(MqttQoS.AT_MOST_ONCE, "#");
        link.send(b.build());
        sub.tries++;
        sub.sentAt = System.nanoTime();
    }

    private void sendPublish(MqttLink link, Inflight p, boolean dup) {
        link.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(p.topic, p.id), Unpooled.wrappedBuffer(p.payload)));
        p.tries++;
        p.sentAt = System.nanoTime();
    }

    private static void publish0(MqttLink link, String topic, String payload) {
        link.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, 0), Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))));
    }

    private int packetId() {
        int id = nextId;
        nextId = nextId == 65535 ? 1 : nextId + 1;
        return id;
    }

    private static long elapsedMs(long from, long now) {
        return (now - from) / 1_000_000;
    }
}
