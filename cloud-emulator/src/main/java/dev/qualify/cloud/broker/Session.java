package dev.qualify.cloud.broker;

import dev.qualify.cloud.policy.IotAction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of an MQTT session: subscriptions, QoS 1/2 messages in flight towards the client, messages
 * queued while it is offline or slow, and inbound QoS 2 packet ids awaiting PUBREL. Outlives connections when
 * persistent. State changes are guarded by the session's monitor.
 */
public final class Session {
    /** No Subscription Identifiers: shared, never modified. */
    static final int[] NO_IDS = new int[0];

    /**
     * @param subscriptionIds MQTT 5 Subscription Identifiers to send with it (§3.3.2.3.8)
     * @param group           the share group it came through, or null (§4.8.2)
     */
    private record Pending(Message message, int qos, boolean retain, int[] subscriptionIds, SharedSubscriptions.Group group) {
    }

    private static final class InFlight {
        final Message message;
        final int qos;
        final boolean retain;
        final int[] subscriptionIds;
        final SharedSubscriptions.Group group;
        boolean released; // PUBREC received and PUBREL sent: waiting for PUBCOMP

        InFlight(Message message, int qos, boolean retain, int[] subscriptionIds, SharedSubscriptions.Group group) {
            this.message = message;
            this.qos = qos;
            this.retain = retain;
            this.subscriptionIds = subscriptionIds;
            this.group = group;
        }
    }

    private final MqttBroker broker;
    private final String clientId;
    final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile MqttConnection connection;
    private volatile Principal principal;
    private final Map<String, Boolean> receiveCache = new ConcurrentHashMap<>();
    private volatile long receiveCacheGeneration = -1;
    private final AtomicLong dropped = new AtomicLong();

    // guarded by this
    private long expiryIntervalSeconds;
    private int lastPacketId;
    private final LinkedHashMap<Integer, InFlight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<Integer> awaitingPubrel = new HashSet<>();
    private ScheduledFuture<?> expiryTask;
    private ScheduledFuture<?> willTask;
    private boolean ended;

    Session(MqttBroker broker, String clientId) {
        this.broker = broker;
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }

    /** Messages dropped for this client: QoS 0 under back-pressure, QoS 1/2 beyond the queue limit. */
    public long droppedMessages() {
        return dropped.get();
    }

    /** Messages waiting to be sent (offline or over the in-flight window). */
    public synchronized int queuedMessages() {
        return queue.size();
    }

    /** QoS 1/2 messages sent and not yet fully acknowledged. */
    public synchronized int inflightMessages() {
        return inflight.size();
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    public boolean isConnected() {
        return connection != null;
    }

    Principal principal() {
        return principal;
    }

    MqttConnection connection() {
        return connection;
    }

    synchronized void setExpiryInterval(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    synchronized long expiryInterval() {
        return expiryIntervalSeconds;
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** Binds a new connection; cancels a pending expiry and a pending delayed will. Call after CONNACK was queued. */
    synchronized void attach(MqttConnection c, Principal p) {
        this.connection = c;
        this.principal = p;
        receiveCacheGeneration = -1;
        if (expiryTask != null) {
            expiryTask.cancel(false);
            expiryTask = null;
        }
        if (willTask != null) {
            willTask.cancel(false);
            willTask = null;
        }
    }

    /** Re-sends unacknowledged messages (PUBLISH with DUP, or PUBREL) in order, then queued ones. */
    synchronized void resume() {
        MqttConnection c = connection;
        if (c == null) return;
        for (Map.Entry<Integer, InFlight> e : inflight.entrySet()) {
            InFlight f = e.getValue();
            if (f.released) c.sendPubrel(e.getKey());
            else c.sendPublish(f.message, f.qos, e.getKey(), true, f.retain, f.subscriptionIds);
        }
        drain();
    }

    /** Unbinds a closed connection, if it is the current one. */
    synchronized boolean detach(MqttConnection c) {
        if (connection != c) return false;
        connection = null;
        return true;
    }

    synchronized void scheduleExpiry(Runnable onExpiry) {
        if (expiryTask != null) expiryTask.cancel(false);
        expiryTask = broker.schedule(onExpiry, expiryIntervalSeconds);
    }

    synchronized void scheduleWill(Runnable publish, long delaySeconds) {
        if (willTask != null) willTask.cancel(false);
        willTask = broker.schedule(publish, delaySeconds);
    }

    /**
     * The messages of share groups this session has not finished: QoS 1 ones sent and not acknowledged, and queued
     * ones not sent yet; not a QoS 2 one already sent ([MQTT-4.8.2-5]). For handing to other members before {@link #end()}.
     */
    synchronized List<SharedSubscriptions.Redelivery> unfinishedShared() {
        List<SharedSubscriptions.Redelivery> out = new ArrayList<>();
        for (InFlight f : inflight.values()) {
            if (f.group != null && f.qos == 1) out.add(new SharedSubscriptions.Redelivery(f.group, f.message));
        }
        for (Pending p : queue) {
            if (p.group != null) out.add(new SharedSubscriptions.Redelivery(p.group, p.message));
        }
        return out;
    }

    /** Ends the session for good: stops timers and forgets state (its subscriptions are removed by the broker). */
    synchronized void end() {
        ended = true;
        if (expiryTask != null) expiryTask.cancel(false);
        inflight.clear();
        queue.clear();
        awaitingPubrel.clear();
    }

    /** Whether the session's principal may receive messages on the topic (policy iot:Receive), cached by generation. */
    boolean canReceive(String topic) {
        Principal p = principal;
        if (p == null || p.anonymous()) return true;
        long gen = broker.accessControl().generation();
        if (gen != receiveCacheGeneration) {
            receiveCache.clear();
            receiveCacheGeneration = gen;
        }
        Boolean b = receiveCache.get(topic);
        if (b == null) {
            b = broker.accessControl().isAllowed(p, IotAction.RECEIVE, topic);
            if (receiveCache.size() < 4096) receiveCache.put(topic, b);
        }
        return b;
    }

    /** Delivers a routed message at the given QoS, sending it now or queueing it. */
    void deliver(Message m, int qos, boolean retain) {
        deliver(m, qos, retain, NO_IDS, null);
    }

    /**
     * Delivers a routed message with the Subscription Identifiers of the matching subscriptions ({@link #NO_IDS} for
     * none) and the share group it came through (null for none).
     */
    synchronized void deliver(Message m, int qos, boolean retain, int[] subscriptionIds, SharedSubscriptions.Group group) {
        if (ended) return;
        if (m.isExpired(System.currentTimeMillis())) {
            broker.statsInternal().droppedExpired.increment();
            return;
        }
        MqttConnection c = connection;
        if (qos == 0) {
            if (c == null) return; // QoS 0 is not kept for offline sessions (as in IoT Core)
            if (!c.isWritable()) {
                drop();
                broker.statsInternal().droppedNotWritable.increment();
                return;
            }
            c.sendPublish(m, 0, 0, false, retain, subscriptionIds);
            return;
        }
        if (c == null || !queue.isEmpty() || inflight.size() >= c.sendWindow() || !c.isWritable()) {
            if (queue.size() >= broker.limits().maxQueuedPerClient()) {
                drop();
                broker.statsInternal().droppedQueueFull.increment();
                return;
            }
            queue.add(new Pending(m, qos, retain, subscriptionIds, group));
            return;
        }
        sendNew(c, m, qos, retain, subscriptionIds, group);
    }

    private void drop() {
        dropped.incrementAndGet();
    }

    private void sendNew(MqttConnection c, Message m, int qos, boolean retain, int[] subscriptionIds,
                         SharedSubscriptions.Group group) {
        int id = nextPacketId();
        inflight.put(id, new InFlight(m, qos, retain, subscriptionIds, group));
        if (!c.sendPublish(m, qos, id, false, retain, subscriptionIds)) {
            inflight.remove(id); // too large for the client: treated as delivered
        }
    }

    private int nextPacketId() {
        for (int i = 0; i < 65535; i++) {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            if (!inflight.containsKey(lastPacketId)) return lastPacketId;
        }
        throw new IllegalStateException("no free packet id");
    }

    /** Sends queued messages while the window and the connection allow. */
    synchronized void drain() {
        MqttConnection c = connection;
        if (c == null) return;
        long now = System.currentTimeMillis();
        while (!queue.isEmpty() && inflight.size() < c.sendWindow() && c.isWritable()) {
            Pending p = queue.poll();
            if (p.message.isExpired(now)) {
                broker.statsInternal().droppedExpired.increment();
                continue;
            }
            sendNew(c, p.message, p.qos, p.retain, p.subscriptionIds, p.group);
        }
    }

    synchronized void onPuback(int packetId) {
        InFlight f = inflight.get(packetId);
        if (f != null && f.qos == 1) inflight.remove(packetId);
        drain();
    }

    /** @param failed an MQTT 5 PUBREC with a reason code of 0x80 or more ends the flow without PUBREL */
    synchronized void onPubrec(int packetId, boolean failed) {
        InFlight f = inflight.get(packetId);
        if (failed) {
            inflight.remove(packetId);
            drain();
            return;
        }
        if (f != null) f.released = true;
        MqttConnection c = connection;
        if (c != null) c.sendPubrel(packetId);
    }

    synchronized void onPubcomp(int packetId) {
        InFlight f = inflight.get(packetId);
        if (f != null && f.qos == 2) inflight.remove(packetId);
        drain();
    }

    /** Records an inbound QoS 2 packet id; false when it is a duplicate already delivered. */
    synchronized boolean receiveQos2(int packetId) {
        return awaitingPubrel.add(packetId);
    }

    synchronized boolean release(int packetId) {
        return awaitingPubrel.remove(packetId);
    }

    /** The session's topic filters. */
    synchronized List<String> filters() {
        return new ArrayList<>(subscriptions.keySet());
    }

    /** Removes expired messages from the queue (called periodically for offline sessions). */
    synchronized void purgeExpired(long now) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            if (it.next().message.isExpired(now)) {
                it.remove();
                broker.statsInternal().droppedExpired.increment();
            }
        }
    }
}
