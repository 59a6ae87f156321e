package dev.qualify.cloud.broker;

import dev.qualify.cloud.policy.IotAction;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The emulated cloud's MQTT broker on Netty: MQTT 3.1.1 and 5 over mutual TLS, plain TCP (only when enabled) and
 * WebSocket, plus HTTPS publish. One event-loop group serves every connection.
 *
 * <p>It routes messages between sessions, keeps retained messages, publishes wills and lifecycle events, and
 * hands requests on reserved topics to {@link ServiceHandler}s. Thread-safe.
 */
public final class MqttBroker implements AutoCloseable {
    static final String IDLE_HANDLER = "idle";
    private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

    private final BrokerConfig config;
    private final AccessControl accessControl;
    private final Misbehaviour misbehaviour;
    private final PacketObserver observer;
    private final BrokerStats stats = new BrokerStats();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final SharedSubscriptions shared = new SharedSubscriptions();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, Message> retained = new ConcurrentHashMap<>();
    private final Map<String, Long> lifecycleVersions = new ConcurrentHashMap<>();
    private final List<ServiceHandler> services = new CopyOnWriteArrayList<>();
    private final List<BrokerListener> listeners = new CopyOnWriteArrayList<>();
    private final Object[] connectLocks = new Object[64];
    private final EventLoopGroup group;
    private final ChannelGroup serverChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile InetSocketAddress tlsAddress;
    private volatile InetSocketAddress plainAddress;
    private volatile InetSocketAddress httpsAddress;
    private volatile boolean closed;

    /**
     * @param observer packet capture, or null for none
     */
    public MqttBroker(BrokerConfig config, AccessControl accessControl, Misbehaviour misbehaviour, PacketObserver observer) {
        this.config = config;
        this.accessControl = accessControl;
        this.misbehaviour = misbehaviour;
        this.observer = observer;
        for (int i = 0; i < connectLocks.length; i++) connectLocks[i] = new Object();
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads() > 0 ? config.ioThreads()
                : Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
    }

    /** Binds the configured listeners; throws when a port cannot be bound. */
    public void start() throws InterruptedException {
        tlsAddress = bind(config.tlsPort(), ch -> {
            ch.pipeline().addLast("tls", config.serverTls().newHandler(ch.alloc()));
            addMqttHandlers(ch.pipeline(), "mqtt-tls");
        });
        if (config.plainPort() >= 0) {
            plainAddress = bind(config.plainPort(), ch -> addMqttHandlers(ch.pipeline(), "mqtt-plain"));
        }
        if (config.httpsPort() >= 0) {
            httpsAddress = bind(config.httpsPort(), ch -> {
                ChannelPipeline p = ch.pipeline();
                p.addLast("tls", config.serverTls().newHandler(ch.alloc()));
                p.addLast(new HttpServerCodec());
                p.addLast(new HttpObjectAggregator(config.limits().maxPacketBytes()));
                p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath("/mqtt").subprotocols("mqtt,mqttv3.1,mqttv3.1.1").checkStartsWith(false)
                        .maxFramePayloadLength(config.limits().maxPacketBytes()).handleCloseFrames(true).build()));
                p.addLast(new HttpsPublishHandler(this));
                p.addLast(new WebSocketMqttBridge());
                addMqttHandlers(p, "mqtt-wss");
            });
        }
    }

    /**
     * Opens one more MQTT/TLS listener with its own server TLS context (for example one serving a bad
     * certificate); closed with the broker.
     */
    public InetSocketAddress openTlsListener(String name, SslContext serverTls) throws InterruptedException {
        return bind(0, ch -> {
            ch.pipeline().addLast("tls", serverTls.newHandler(ch.alloc()));
            addMqttHandlers(ch.pipeline(), name);
        });
    }

    /**
     * Opens one more MQTT/TLS listener whose first handler comes from {@code tlsFront} for each connection: a
     * handler that reads the ClientHello and then puts the {@code SslHandler} in its place (the Device Advisor
     * endpoints); closed with the broker.
     */
    public InetSocketAddress openTlsListener(String name, java.util.function.Supplier<io.netty.channel.ChannelHandler> tlsFront)
            throws InterruptedException {
        return bind(0, ch -> {
            ch.pipeline().addLast("tls-hello", tlsFront.get());
            addMqttHandlers(ch.pipeline(), name);
        });
    }

    /**
     * Forgets the stored session of a client that is not connected (as if it expired), so its next CONNECT gets
     * {@code sessionPresent=0}.
     *
     * @return whether a session was discarded (false when there was none or the client is connected)
     */
    public boolean discardSession(String clientId) {
        if (connections.containsKey(clientId)) return false;
        return sessions.remove(clientId) != null;
    }

    private InetSocketAddress bind(int port, Consumer<SocketChannel> init) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (closed) {
                            ch.close();
                            return;
                        }
                        clientChannels.add(ch);
                        stats.connectionsAccepted.increment();
                        init.accept(ch);
                    }
                });
        ChannelFuture f = b.bind(config.host(), port).sync();
        Channel ch = f.channel();
        serverChannels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    private void addMqttHandlers(ChannelPipeline p, String listener) {
        p.addLast(IDLE_HANDLER, new IdleStateHandler(config.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
        p.addLast("mqttDecoder", decoder(config.limits()));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        if (observer != null) p.addLast("capture", new CaptureHandler(observer));
        p.addLast("faults", new NetworkFaultHandler(misbehaviour, this::observeConnection, listener)); // latency, loss
        p.addLast("mqtt", new MqttConnection(this, listener));
    }

    /** The MQTT 3.1.1/5 decoder of every connection, bounded by these limits (also what the decoder fuzz test drives). */
    static MqttDecoder decoder(BrokerLimits limits) {
        return new MqttDecoder(limits.maxPacketBytes(), limits.maxClientIdBytes());
    }

    public InetSocketAddress tlsAddress() {
        return tlsAddress;
    }

    public Optional<InetSocketAddress> plainAddress() {
        return Optional.ofNullable(plainAddress);
    }

    public Optional<InetSocketAddress> httpsAddress() {
        return Optional.ofNullable(httpsAddress);
    }

    public BrokerStats stats() {
        return stats;
    }

    BrokerStats statsInternal() {
        return stats;
    }

    public BrokerLimits limits() {
        return config.limits();
    }

    AccessControl accessControl() {
        return accessControl;
    }

    Misbehaviour misbehaviour() {
        return misbehaviour;
    }

    public void addService(ServiceHandler handler) {
        services.add(handler);
    }

    public void addListener(BrokerListener listener) {
        listeners.add(listener);
    }

    /** The clients connected now. */
    public List<ClientInfo> connectedClients() {
        List<ClientInfo> out = new ArrayList<>();
        for (MqttConnection c : connections.values()) out.add(c.info());
        return out;
    }

    /** The session of a client id, connected or not. */
    public Optional<Session> session(String clientId) {
        return Optional.ofNullable(sessions.get(clientId));
    }

    /** Messages dropped per client id (back-pressure and queue limits), for clients with any. */
    public Map<String, Long> droppedByClient() {
        Map<String, Long> out = new java.util.TreeMap<>();
        sessions.forEach((id, s) -> {
            if (s.droppedMessages() > 0) out.put(id, s.droppedMessages());
        });
        return out;
    }

    /** Closes a client's connection from the server side (MQTT 5: DISCONNECT 0x98 administrative action). */
    public boolean disconnect(String clientId) {
        MqttConnection c = connections.get(clientId);
        if (c == null) return false;
        c.disconnect("SERVER_INITIATED_DISCONNECT", ReasonCodes.ADMINISTRATIVE_ACTION);
        return true;
    }

    /** Closes connections whose certificate is no longer active (after a registry change). */
    public void enforceCertificates() {
        for (MqttConnection c : connections.values()) {
            Principal p = c.principal();
            if (p != null && !p.anonymous() && !accessControl.isActive(p.certificateId())) {
                c.disconnect("AUTH_ERROR", ReasonCodes.NOT_AUTHORIZED_5);
            }
        }
    }

    /** The retained message of a topic, if any. */
    public Optional<Message> retained(String topic) {
        return Optional.ofNullable(retained.get(topic));
    }

    /** All retained messages (a copy). */
    public List<Message> retainedMessages() {
        return List.copyOf(retained.values());
    }

    /** Restores a retained message (for example from disk). */
    public void restoreRetained(Message m) {
        retained.put(m.topic(), m);
    }

    // ---- routing ------------------------------------------------------------------------------------

    /** Publishes a message of the cloud itself (service responses, lifecycle events, suites). */
    public void publish(Message m) {
        route(m);
    }

    void publishFromClient(Principal principal, Message m) {
        stats.publishesReceived.increment();
        route(m);
        if (m.topic().startsWith("$aws/")) {
            for (ServiceHandler s : services) {
                try {
                    if (s.onPublish(principal, m.topic(), m.payload())) break;
                } catch (RuntimeException e) {
                    LOG.warn("client {}: service failed on {}: {}", principal.clientId(), m.topic(), e.toString());
                }
            }
        }
    }

    private static final class Matches {
        final ArrayList<Session> sessions = new ArrayList<>();
        final ArrayList<Subscription> subs = new ArrayList<>();
        boolean inUse;
        boolean anyId; // a match has a Subscription Identifier

        void add(Session s, Subscription sub) {
            sessions.add(s);
            subs.add(sub);
            if (sub.subscriptionId() != 0) anyId = true;
        }

        void clear() {
            sessions.clear();
            subs.clear();
            anyId = false;
        }
    }

    private static final ThreadLocal<Matches> MATCHES = ThreadLocal.withInitial(Matches::new);

    private void route(Message m) {
        if (m.retain()) {
            if (m.payload().length == 0) retained.remove(m.topic());
            else retained.put(m.topic(), m);
        }
        if (!shared.isEmpty()) shared.route(m, MqttBroker::deliverShared);
        Matches found = MATCHES.get();
        if (found.inUse) found = new Matches(); // re-entered from a listener: do not share the buffer
        found.inUse = true;
        try {
            index.match(m.topic(), found::add);
            int n = found.sessions.size();
            if (n == 1) {
                deliver(found.sessions.get(0), found.subs.get(0), m);
                return;
            }
            if (n == 0) return;
            // a session with several matching filters gets the message once, at the highest granted QoS
            Map<Session, Subscription> best = new java.util.IdentityHashMap<>(n * 2);
            for (int i = 0; i < n; i++) best.merge(found.sessions.get(i), found.subs.get(i), (a, b) -> a.qos() >= b.qos() ? a : b);
            if (!found.anyId) {
                best.forEach((s, sub) -> deliver(s, sub, m));
                return;
            }
            // with the identifiers of all the session's matching subscriptions ([MQTT-3.3.4-4])
            Map<Session, int[]> ids = SubscriptionIds.bySession(found.sessions, found.subs);
            best.forEach((s, sub) -> deliver(s, sub, m, ids.getOrDefault(s, Session.NO_IDS)));
        } finally {
            found.clear();
            found.inUse = false;
        }
    }

    private static void deliver(Session s, Subscription sub, Message m) {
        deliver(s, sub, m, SubscriptionIds.of(sub));
    }

    private static void deliver(Session s, Subscription sub, Message m, int[] subscriptionIds) {
        if (sub.noLocal() && s.clientId().equals(m.publisher())) return;
        if (!s.canReceive(m.topic())) return;
        s.deliver(m, Math.min(m.qos(), sub.qos()), sub.retainAsPublished() && m.retain(), subscriptionIds, null);
    }

    /** To the member a share group chose (it checked iot:Receive); at the member's granted QoS ([MQTT-4.8.2-3]). */
    private static void deliverShared(SharedSubscriptions.Member member, Message m, SharedSubscriptions.Group group) {
        Subscription sub = member.subscription();
        member.session().deliver(m, Math.min(m.qos(), sub.qos()), sub.retainAsPublished() && m.retain(),
                SubscriptionIds.of(sub), group);
    }

    /** @return true when the session already had a subscription with that filter */
    boolean subscribe(Session s, Subscription sub) {
        Subscription old = s.subscriptions.put(sub.filter(), sub);
        if (sub.isShared()) shared.add(s, sub);
        else index.add(s, sub);
        return old != null;
    }

    boolean unsubscribe(Session s, String filter) {
        Subscription old = s.subscriptions.remove(filter);
        if (old != null) removeFromIndex(s, filter);
        return old != null;
    }

    private void removeFromIndex(Session s, String filter) {
        if (SharedSubscriptions.isShared(filter)) shared.remove(s, filter);
        else index.remove(s, filter);
    }

    void sendRetained(Session s, Subscription sub) {
        long now = System.currentTimeMillis();
        for (Message m : retained.values()) {
            if (!Topics.matches(sub.filter(), m.topic())) continue;
            if (m.isExpired(now)) {
                retained.remove(m.topic(), m);
                continue;
            }
            if (!s.canReceive(m.topic())) continue;
            s.deliver(m, Math.min(m.qos(), sub.qos()), true, SubscriptionIds.of(sub), null);
        }
    }

    // ---- sessions -----------------------------------------------------------------------------------

    /**
     * Opens or resumes the session of a connection, taking over an existing connection with the same client id.
     * {@code sendConnack} is called with the session-present flag before the session is attached, so CONNACK
     * precedes any PUBLISH.
     */
    Session openSession(MqttConnection c, boolean cleanStart, long expirySeconds, Principal principal,
                        Consumer<Boolean> sendConnack) {
        String id = c.clientId();
        synchronized (connectLocks[Math.floorMod(id.hashCode(), connectLocks.length)]) {
            MqttConnection old = connections.put(id, c);
            Session existing = sessions.get(id);
            if (old != null && old != c) {
                Session oldSession = old.session();
                if (oldSession != null) oldSession.detach(old);
                old.takeOver();
            }
            if (existing != null && (cleanStart || existing.isEnded())) {
                endSession(existing);
                existing = null;
            }
            Session s = existing != null ? existing : new Session(this, id);
            s.setExpiryInterval(expirySeconds);
            sessions.put(id, s);
            sendConnack.accept(existing != null);
            s.attach(c, principal);
            return s;
        }
    }

    private void endSession(Session s) {
        List<SharedSubscriptions.Redelivery> unfinished = shared.isEmpty() ? List.of() : s.unfinishedShared();
        s.end();
        for (String f : s.filters()) removeFromIndex(s, f);
        s.subscriptions.clear();
        sessions.remove(s.clientId(), s);
        // a share group's messages the ended session left unfinished go to another member (§4.8.2)
        if (!unfinished.isEmpty()) shared.redeliver(unfinished, MqttBroker::deliverShared);
    }

    void connected(MqttConnection c) {
        ClientInfo info = c.info();
        long version = lifecycleVersions.merge(c.clientId(), 1L, Long::sum);
        lifecycle(c, "connected", version, null, false);
        for (BrokerListener l : listeners) l.clientConnected(info);
    }

    void disconnected(MqttConnection c, Session s, Will will, String reason, boolean takenOver) {
        String id = c.clientId();
        synchronized (connectLocks[Math.floorMod(id.hashCode(), connectLocks.length)]) {
            connections.remove(id, c);
            boolean wasCurrent = s.detach(c);
            if (will != null) {
                long delay = will.delaySeconds();
                if (delay == 0 || takenOver) {
                    if (delay == 0) publishWill(c.principal(), will);
                } else {
                    long at = Math.min(delay, s.expiryInterval());
                    s.scheduleWill(() -> publishWill(c.principal(), will), at);
                }
            }
            if (wasCurrent) {
                if (s.expiryInterval() == 0) endSession(s);
                else s.scheduleExpiry(() -> expire(s));
            }
        }
        Long version = lifecycleVersions.getOrDefault(id, 0L);
        lifecycle(c, "disconnected", version, reason, "CLIENT_INITIATED_DISCONNECT".equals(reason));
        ClientInfo info = c.info();
        for (BrokerListener l : listeners) l.clientDisconnected(info, reason);
    }

    private void expire(Session s) {
        String id = s.clientId();
        synchronized (connectLocks[Math.floorMod(id.hashCode(), connectLocks.length)]) {
            if (!s.isConnected() && sessions.get(id) == s) endSession(s);
        }
    }

    private void publishWill(Principal p, Will w) {
        Message m = w.toPublish();
        if (p != null && !p.anonymous()
                && (!accessControl.isAllowed(p, IotAction.PUBLISH, m.topic())
                || (Topics.isReserved(m.topic()) && !Topics.isPublishableReserved(m.topic())))) {
            LOG.debug("will of {} on {} not allowed by policy", p.clientId(), m.topic());
            return;
        }
        stats.publishesReceived.increment();
        route(m);
    }

    private void lifecycle(MqttConnection c, String event, long version, String reason, boolean clientInitiated) {
        String id = c.clientId();
        if (id.indexOf('+') >= 0 || id.indexOf('#') >= 0) return;
        Principal p = c.principal();
        StringBuilder json = new StringBuilder(256).append('{')
                .append("\"clientId\":").append(jsonString(id))
                .append(",\"timestamp\":").append(System.currentTimeMillis())
                .append(",\"eventType\":\"").append(event).append('"');
        if (reason != null) {
            json.append(",\"clientInitiatedDisconnect\":").append(clientInitiated)
                    .append(",\"disconnectReason\":\"").append(reason).append('"');
        }
        json.append(",\"sessionIdentifier\":\"").append(c.sessionIdentifier()).append('"')
                .append(",\"principalIdentifier\":").append(jsonString(p == null || p.certificateId() == null ? "" : p.certificateId()))
                .append(",\"ipAddress\":\"127.0.0.1\"")
                .append(",\"versionNumber\":").append(version).append('}');
        route(Message.internal("$aws/events/presence/" + event + "/" + id, json.toString().getBytes(StandardCharsets.UTF_8), 1));
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }

    ScheduledFuture<?> schedule(Runnable r, long seconds) {
        return group.next().schedule(r, seconds, TimeUnit.SECONDS);
    }

    void refused(ConnectRefusal r) {
        for (BrokerListener l : listeners) l.connectRefused(r);
    }

    void observeConnection(String connectionId, String listener, String remote, String event, String detail) {
        if (observer != null) observer.connection(connectionId, listener, remote, event, detail);
    }

    /** Drops expired messages queued for offline or slow sessions (MQTT 5 message expiry), and expired retained ones. */
    public void purgeExpiredMessages() {
        long now = System.currentTimeMillis();
        for (Session s : sessions.values()) s.purgeExpired(now);
        retained.values().removeIf(m -> m.isExpired(now));
    }

    /** Number of open client channels (any listener). */
    public int openConnections() {
        return clientChannels.size();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        serverChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        clientChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Unmodifiable view for diagnostics. */
    public Map<String, Session> sessions() {
        return Collections.unmodifiableMap(sessions);
    }
}
