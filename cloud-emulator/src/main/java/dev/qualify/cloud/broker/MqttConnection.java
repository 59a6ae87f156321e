package dev.qualify.cloud.broker;

import dev.qualify.cloud.policy.IotAction;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: the MQTT 3.1.1/5 protocol state machine on top of Netty's MQTT codec. Inbound packets are
 * handled on the channel's event loop. Outbound packets from any thread go through an ordered outbox that is
 * flushed once per batch on the event loop.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    static final AttributeKey<String> CLIENT_ID = AttributeKey.valueOf("qualify.clientId");
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final Object CLOSE = new Object();
    private static final int OUTBOX_LIMIT = 2048;

    private enum State { AWAIT_CONNECT, WITHHELD, CONNECTED, CLOSED }

    private final MqttBroker broker;
    private final String listener;
    private Channel channel;
    private ChannelHandlerContext ctx;
    private volatile State state = State.AWAIT_CONNECT;
    private boolean v5;
    private String clientId;
    private Principal principal;
    private Session session;
    private Will will;
    private int keepAliveSeconds;
    private volatile int sendWindow;
    private volatile long clientMaxPacketSize = Long.MAX_VALUE;
    private final Map<Integer, String> topicAliases = new HashMap<>();
    private volatile TopicAliases outboundAliases; // MQTT 5, when the client's Topic Alias Maximum > 0
    private ReceiveQuota receiveQuota; // MQTT 5 inbound flow control, event loop only
    private String disconnectReason;
    private boolean graceful;
    private boolean takenOver;
    private Instant connectedAt;
    private final String sessionIdentifier = UUID.randomUUID().toString();
    private final Map<String, Boolean> publishCache = new HashMap<>();
    private long publishCacheGeneration = -1;

    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outboxSize = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean handOffPending = new AtomicBoolean();
    private final Runnable handOff = () -> {
        handOffPending.set(false);
        scheduleFlush();
    };

    MqttConnection(MqttBroker broker, String listener) {
        this.broker = broker;
        this.listener = listener;
    }

    String clientId() {
        return clientId;
    }

    Principal principal() {
        return principal;
    }

    String connectionId() {
        return channel.id().asShortText();
    }

    ClientInfo info() {
        return new ClientInfo(connectionId(), clientId, principal == null ? null : principal.certificateId(),
                principal == null ? null : principal.thingName(), listener, remote(), v5 ? 5 : 4, connectedAt);
    }

    String sessionIdentifier() {
        return sessionIdentifier;
    }

    // ---- outbound ---------------------------------------------------------------------------------------

    boolean isWritable() {
        return channel.isWritable() && outboxSize.get() < OUTBOX_LIMIT;
    }

    int sendWindow() {
        return sendWindow;
    }

    /**
     * Queues a packet (or {@link #CLOSE}) in order. On the channel's own event loop it is written at once, after
     * anything other threads queued earlier; from other threads it goes through the outbox. Either way one flush
     * follows per batch.
     */
    private void send(Object msg) {
        if (channel.eventLoop().inEventLoop()) {
            writeQueued();
            if (msg == CLOSE) {
                ctx.flush();
                ctx.close();
                drainRemaining();
                return;
            }
            if (channel.isActive()) ctx.write(msg, ctx.voidPromise());
            else ReferenceCountUtil.release(msg);
            scheduleFlush();
            return;
        }
        outbox.add(msg);
        outboxSize.incrementAndGet();
        scheduleForeignFlush();
    }

    private void scheduleFlush() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::flushOutbox);
        }
    }

    /**
     * Hands the outbox to this channel's event loop from another thread. From another event loop (a publisher's,
     * routing to this subscriber) the hand-off waits until that loop has finished its current batch of reads: one
     * wake-up of this loop per batch instead of one per message. Waking an idle loop costs a write to its selector's
     * wake-up descriptor, a context switch and a lock; routed one by one, fan-in QoS 1 woke the subscriber's loop for
     * nearly every message. Any other thread hands over at once.
     */
    private void scheduleForeignFlush() {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        if (current == null || current.isShuttingDown()) {
            scheduleFlush();
        } else if (handOffPending.compareAndSet(false, true)) {
            try {
                current.execute(handOff);
            } catch (RejectedExecutionException shuttingDown) {
                handOffPending.set(false);
                scheduleFlush();
            }
        }
    }

    /** Writes what other threads queued, without flushing; returns false when it met {@link #CLOSE}. */
    private boolean writeQueued() {
        Object m;
        while ((m = outbox.poll()) != null) {
            outboxSize.decrementAndGet();
            if (m == CLOSE) {
                ctx.flush();
                ctx.close();
                drainRemaining();
                return false;
            }
            if (!channel.isActive()) {
                ReferenceCountUtil.release(m);
                continue;
            }
            ctx.write(m, ctx.voidPromise());
        }
        return true;
    }

    private void flushOutbox() {
        drainScheduled.set(false);
        if (!writeQueued()) return;
        ctx.flush();
        Session s = session;
        if (s != null && state == State.CONNECTED) s.drain();
    }

    private void drainRemaining() {
        Object m;
        while ((m = outbox.poll()) != null) {
            outboxSize.decrementAndGet();
            ReferenceCountUtil.release(m);
        }
    }

    /**
     * Sends a PUBLISH built from a routed message.
     *
     * @return false when the message exceeds the client's Maximum Packet Size and was not sent
     */
    boolean sendPublish(Message m, int qos, int packetId, boolean dup, boolean retain) {
        return sendPublish(m, qos, packetId, dup, retain, Session.NO_IDS);
    }

    /**
     * Sends a PUBLISH built from a routed message, with the Subscription Identifiers of the subscriptions it matched
     * (MQTT 5 §3.3.2.3.8, [MQTT-3.3.4-3]) and, when the client accepts them, a server-assigned topic alias
     * (§3.3.2.3.4, {@link TopicAliases}).
     *
     * @return false when the message exceeds the client's Maximum Packet Size and was not sent
     */
    boolean sendPublish(Message m, int qos, int packetId, boolean dup, boolean retain, int[] subscriptionIds) {
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        String topic = m.topic();
        if (v5) {
            props = new MqttProperties();
            for (MqttProperties.MqttProperty<?> p : m.forwarded().listAll()) props.add(p);
            if (!m.userProperties().isEmpty()) props.add(new MqttProperties.UserProperties(m.userProperties()));
            if (m.expiresAtMillis() != 0) {
                long left = Math.max(1, (m.expiresAtMillis() - System.currentTimeMillis() + 999) / 1000);
                props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) left));
            }
            for (int id : subscriptionIds) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
            }
            long size = 7L + m.topic().length() * 3L + m.payload().length + 64L * props.listAll().size();
            if (size > clientMaxPacketSize) {
                broker.statsInternal().droppedTooLarge.increment();
                return false;
            }
            TopicAliases aliases = outboundAliases;
            if (aliases != null) {
                int alias = aliases.aliasFor(topic);
                if (alias != 0) props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, Math.abs(alias)));
                if (alias > 0) topic = "";
            }
        }
        MqttFixedHeader fh = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0);
        MqttPublishVariableHeader vh = new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId, props);
        send(new MqttPublishMessage(fh, vh, Unpooled.wrappedBuffer(m.payload())));
        broker.statsInternal().publishesSent.increment();
        return true;
    }

    void sendPubrel(int packetId) {
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId)));
    }

    private void sendAck(MqttMessageType type, int packetId, int reasonCode) {
        Object vh = v5 ? new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES)
                : MqttMessageIdVariableHeader.from(packetId);
        send(new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0), vh));
    }

    /** Server-initiated close: MQTT 5 clients get a DISCONNECT with the reason code first. */
    void disconnect(String reason, int v5ReasonCode) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> disconnect(reason, v5ReasonCode));
            return;
        }
        if (state == State.CLOSED) return;
        if (disconnectReason == null) disconnectReason = reason;
        if (v5 && state == State.CONNECTED && v5ReasonCode >= 0) {
            send(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttReasonCodeAndPropertiesVariableHeader((byte) v5ReasonCode, MqttProperties.NO_PROPERTIES)));
        }
        send(CLOSE);
    }

    /** Another connection took over this client id. */
    void takeOver() {
        channel.eventLoop().execute(() -> {
            takenOver = true;
            disconnect("DUPLICATE_CLIENTID", ReasonCodes.SESSION_TAKEN_OVER);
        });
    }

    // ---- inbound ----------------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        broker.observeConnection(connectionId(), listener, remote(), "OPENED", null);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Session s = session;
        if (channel.isWritable() && s != null && state == State.CONNECTED) s.drain();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (state == State.CONNECTED) {
                disconnect("MQTT_KEEP_ALIVE_TIMEOUT", ReasonCodes.KEEP_ALIVE_TIMEOUT);
            } else if (state == State.AWAIT_CONNECT) {
                disconnectReason = "CONNECT_TIMEOUT";
                ctx.close();
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                broker.observeConnection(connectionId(), listener, remote(), "TLS_ESTABLISHED", null);
            } else {
                String why = rootMessage(hs.cause());
                broker.observeConnection(connectionId(), listener, remote(), "TLS_FAILED", why);
                broker.refused(new ConnectRefusal(Instant.now(), listener, remote(), null, null, "TLS handshake failed: " + why, -1));
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (disconnectReason == null) disconnectReason = "CONNECTION_LOST";
        LOG.debug("connection {} ({}) failed: {}", connectionId(), clientId, rootMessage(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        State was = state;
        state = State.CLOSED;
        broker.observeConnection(connectionId(), listener, remote(), "CLOSED", disconnectReason);
        drainRemaining();
        if (was == State.CONNECTED) onConnectionLost();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (state == State.CLOSED) return;
            if (m.decoderResult().isFailure()) {
                onDecodeFailure(m.decoderResult().cause());
                return;
            }
            MqttMessageType type = m.fixedHeader().messageType();
            if (state != State.CONNECTED) {
                if (type == MqttMessageType.CONNECT && state == State.AWAIT_CONNECT) {
                    onConnect((MqttConnectMessage) m);
                } else {
                    // anything before CONNECT, or a second CONNECT, is a protocol violation
                    disconnectReason = "CLIENT_ERROR";
                    ctx.close();
                }
                return;
            }
            switch (type) {
                case PUBLISH -> onPublish((MqttPublishMessage) m);
                case PUBACK -> session.onPuback(packetId(m));
                case PUBREC -> session.onPubrec(packetId(m), v5 && reasonCode(m) >= 0x80);
                case PUBREL -> {
                    if (session.release(packetId(m)) && receiveQuota != null) receiveQuota.qos2Released();
                    sendAck(MqttMessageType.PUBCOMP, packetId(m), 0);
                }
                case PUBCOMP -> session.onPubcomp(packetId(m));
                case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) m);
                case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) m);
                case PINGREQ -> {
                    if (!broker.misbehaviour().withholdPingresp(clientId)) send(MqttMessage.PINGRESP);
                }
                case DISCONNECT -> onDisconnect(m);
                default -> {
                    disconnectReason = "CLIENT_ERROR";
                    disconnect("CLIENT_ERROR", ReasonCodes.PROTOCOL_ERROR);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onDecodeFailure(Throwable cause) {
        if (state == State.AWAIT_CONNECT) {
            int code = -1;
            if (cause instanceof MqttUnacceptableProtocolVersionException) code = 1;
            else if (cause instanceof MqttIdentifierRejectedException) code = 2;
            if (code > 0) {
                refuseConnect(code, "invalid CONNECT: " + rootMessage(cause), null);
                return;
            }
            disconnectReason = "CLIENT_ERROR";
            ctx.close();
            return;
        }
        boolean tooLong = cause instanceof TooLongFrameException
                || (cause instanceof DecoderException && cause.getCause() instanceof TooLongFrameException);
        disconnect("CLIENT_ERROR", tooLong ? ReasonCodes.PACKET_TOO_LARGE : ReasonCodes.MALFORMED);
    }

    // ---- CONNECT ----------------------------------------------------------------------------------------

    private void onConnect(MqttConnectMessage m) {
        MqttConnectVariableHeader vh = m.variableHeader();
        MqttConnectPayload pl = m.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(vh.name(), (byte) vh.version());
        v5 = version == MqttVersion.MQTT_5;
        clientId = pl.clientIdentifier() == null ? "" : pl.clientIdentifier();
        String assignedId = null;
        if (clientId.isEmpty()) {
            if (!v5 && !vh.isCleanSession()) {
                refuseConnect(2, "empty client id with a persistent session", null);
                return;
            }
            clientId = "qualify-" + UUID.randomUUID();
            assignedId = clientId;
        }
        channel.attr(CLIENT_ID).set(clientId);
        if (clientId.getBytes(StandardCharsets.UTF_8).length > broker.limits().maxClientIdBytes()) {
            refuseConnect(2, "client id longer than " + broker.limits().maxClientIdBytes() + " bytes", null);
            return;
        }

        ConnectFault fault = broker.misbehaviour().onConnect(clientId);
        if (fault.kind() == ConnectFault.Kind.WITHHOLD_CONNACK) {
            state = State.WITHHELD;
            broker.observeConnection(connectionId(), listener, remote(), "CONNACK_WITHHELD", clientId);
            return;
        }
        if (fault.kind() == ConnectFault.Kind.REFUSE) {
            refuseConnect(fault.returnCode(), "refused by fault injection", null);
            return;
        }

        X509Certificate cert = peerCertificate();
        // the plain listener (explicitly enabled, for local debugging) has no identity: anonymous, no policy
        AuthResult auth = channel.pipeline().get(SslHandler.class) == null
                ? AuthResult.accepted(new Principal(clientId, null, null))
                : broker.accessControl().authenticate(cert, clientId);
        if (!auth.isAccepted()) {
            refuseConnect(5, auth.refusal(), cert == null ? null : certificateIdOf(cert));
            return;
        }
        Principal p = auth.principal();
        if (!broker.accessControl().isAllowed(p, IotAction.CONNECT, clientId)) {
            refuseConnect(5, "policy does not allow iot:Connect for client id " + clientId, p.certificateId());
            return;
        }
        principal = p;

        // session expiry
        long expiry;
        if (v5) {
            MqttProperties.MqttProperty<?> e = vh.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
            expiry = e == null ? 0 : Integer.toUnsignedLong((Integer) e.value());
        } else {
            expiry = vh.isCleanSession() ? 0 : broker.limits().maxSessionExpirySeconds();
        }
        long cappedExpiry = Math.min(expiry, broker.limits().maxSessionExpirySeconds());

        // keep-alive, as IoT Core: 0 or more than the maximum becomes the maximum
        int requestedKeepAlive = vh.keepAliveTimeSeconds();
        // and one shorter than the minimum the minimum; MQTT 5 clients are told in CONNACK (§3.2.2.3.14)
        keepAliveSeconds = broker.limits().keepAliveFor(requestedKeepAlive);

        int receiveMax = 65535;
        if (v5) {
            MqttProperties.MqttProperty<?> rm = vh.properties().getProperty(MqttProperties.RECEIVE_MAXIMUM);
            if (rm != null) receiveMax = (Integer) rm.value();
            MqttProperties.MqttProperty<?> mps = vh.properties().getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
            if (mps != null) clientMaxPacketSize = Integer.toUnsignedLong((Integer) mps.value());
            MqttProperties.MqttProperty<?> tam = vh.properties().getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM);
            if (tam != null && (Integer) tam.value() > 0) outboundAliases = new TopicAliases((Integer) tam.value());
            receiveQuota = new ReceiveQuota(broker.limits().inflightWindow());
        }
        sendWindow = Math.max(1, Math.min(receiveMax, broker.limits().inflightWindow()));

        if (vh.isWillFlag()) {
            will = buildWill(vh, pl);
        }

        MqttProperties ackProps = MqttProperties.NO_PROPERTIES;
        if (v5) {
            ackProps = new MqttProperties();
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, broker.limits().topicAliasMaximum()));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, broker.limits().inflightWindow()));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, broker.limits().maxPacketBytes()));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1));
            ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 1));
            if (keepAliveSeconds != requestedKeepAlive) {
                ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, keepAliveSeconds));
            }
            if (cappedExpiry != expiry) {
                ackProps.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) cappedExpiry));
            }
            if (assignedId != null) {
                ackProps.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, assignedId));
            }
        }
        final MqttProperties connackProps = ackProps;
        // keep-alive enforced at 1.5x, replacing the CONNECT timeout
        ctx.pipeline().replace(MqttBroker.IDLE_HANDLER, MqttBroker.IDLE_HANDLER,
                new IdleStateHandler(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));

        connectedAt = Instant.now();
        state = State.CONNECTED;
        session = broker.openSession(this, vh.isCleanSession(), cappedExpiry, p, sessionPresent ->
                send(new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent, connackProps))));
        broker.connected(this);
        if (fault.kind() == ConnectFault.Kind.DISCONNECT_AFTER_CONNACK) {
            disconnect("SERVER_INITIATED_DISCONNECT", -1);
            return;
        }
        session.resume();
    }

    private Will buildWill(MqttConnectVariableHeader vh, MqttConnectPayload pl) {
        long delay = 0;
        long expiresAt = 0; // will message expiry interval in seconds, 0 for none
        List<MqttProperties.StringPair> users = List.of();
        MqttProperties fwd = MqttProperties.NO_PROPERTIES;
        if (v5 && pl.willProperties() != null) {
            MqttProperties wp = pl.willProperties();
            MqttProperties.MqttProperty<?> d = wp.getProperty(MqttProperties.WILL_DELAY_INTERVAL);
            if (d != null) delay = Integer.toUnsignedLong((Integer) d.value());
            MqttProperties.MqttProperty<?> e = wp.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            if (e != null) expiresAt = Integer.toUnsignedLong((Integer) e.value());
            users = userProperties(wp);
            fwd = forwardable(wp);
        }
        byte[] payload = pl.willMessageInBytes() == null ? new byte[0] : pl.willMessageInBytes();
        return new Will(new Message(pl.willTopic(), payload, vh.willQos(), vh.isWillRetain(), 0, users, fwd, clientId), delay,
                expiresAt);
    }

    private void refuseConnect(int code, String reason, String certificateId) {
        broker.statsInternal().connectsRefused.increment();
        int c = ReasonCodes.connack(code, v5);
        broker.refused(new ConnectRefusal(Instant.now(), listener, remote(), clientId, certificateId, reason, c));
        send(new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) c), false)));
        disconnectReason = "AUTH_ERROR";
        send(CLOSE);
        state = State.WITHHELD;
    }

    private X509Certificate peerCertificate() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) return null;
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String certificateIdOf(X509Certificate cert) {
        return dev.qualify.cloud.ca.Pem.certificateId(cert);
    }

    // ---- PUBLISH ----------------------------------------------------------------------------------------

    private void onPublish(MqttPublishMessage m) {
        MqttPublishVariableHeader vh = m.variableHeader();
        int qos = m.fixedHeader().qosLevel().value();
        if (qos > 2) {
            disconnect("CLIENT_ERROR", ReasonCodes.MALFORMED);
            return;
        }
        int packetId = vh.packetId();
        String topic = vh.topicName();
        MqttProperties props = vh.properties();
        if (v5) {
            MqttProperties.MqttProperty<?> alias = props.getProperty(MqttProperties.TOPIC_ALIAS);
            if (alias != null) {
                int a = (Integer) alias.value();
                if (a <= 0 || a > broker.limits().topicAliasMaximum()) {
                    disconnect("CLIENT_ERROR", ReasonCodes.TOPIC_ALIAS_INVALID);
                    return;
                }
                if (topic == null || topic.isEmpty()) {
                    topic = topicAliases.get(a);
                    if (topic == null) {
                        disconnect("CLIENT_ERROR", ReasonCodes.PROTOCOL_ERROR);
                        return;
                    }
                } else {
                    topicAliases.put(a, topic);
                }
            }
        }
        if (!Topics.isValidName(topic, broker.limits())) {
            disconnect("CLIENT_ERROR", ReasonCodes.TOPIC_NAME_INVALID);
            return;
        }
        int size = m.payload().readableBytes();
        if (size > broker.limits().maxPayloadBytes()) {
            disconnect("CLIENT_ERROR", ReasonCodes.PACKET_TOO_LARGE);
            return;
        }
        if (!mayPublish(topic)) {
            if (v5 && qos > 0) {
                sendAck(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId, ReasonCodes.NOT_AUTHORIZED_5);
            } else {
                // IoT Core closes MQTT 3.1.1 connections (and QoS 0 MQTT 5 ones) that publish where they may not
                disconnect("FORBIDDEN_ACCESS", ReasonCodes.NOT_AUTHORIZED_5);
            }
            broker.observeConnection(connectionId(), listener, remote(), "PUBLISH_DENIED", topic);
            return;
        }
        // MQTT 5 §4.9: a new QoS 1/2 PUBLISH beyond the Receive Maximum announced in CONNACK
        if (qos == 1 && receiveQuota != null && receiveQuota.full() && !receiveQuota.isWithheld(packetId)) {
            disconnect("CLIENT_ERROR", ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED);
            return;
        }
        boolean first = true;
        if (qos == 2) first = session.receiveQos2(packetId);
        if (qos == 2 && first && receiveQuota != null) {
            if (receiveQuota.full()) {
                session.release(packetId);
                disconnect("CLIENT_ERROR", ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED);
                return;
            }
            receiveQuota.qos2Received();
        }
        if (first) {
            long expiresAt = 0;
            List<MqttProperties.StringPair> users = List.of();
            MqttProperties fwd = MqttProperties.NO_PROPERTIES;
            if (v5) {
                MqttProperties.MqttProperty<?> e = props.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
                if (e != null) expiresAt = System.currentTimeMillis() + Integer.toUnsignedLong((Integer) e.value()) * 1000L;
                users = userProperties(props);
                fwd = forwardable(props);
            }
            byte[] payload = ByteBufUtil.getBytes(m.payload());
            Message msg = new Message(topic, payload, qos, m.fixedHeader().isRetain(), expiresAt, users, fwd, clientId);
            broker.publishFromClient(principal, msg);
        }
        if (qos == 1 && !broker.misbehaviour().withholdPuback(clientId)) sendAck(MqttMessageType.PUBACK, packetId, 0);
        else if (qos == 1 && receiveQuota != null) receiveQuota.withheldQos1(packetId);
        if (qos == 2 && !broker.misbehaviour().withholdPuback(clientId)) sendAck(MqttMessageType.PUBREC, packetId, 0);
    }

    private boolean mayPublish(String topic) {
        if (Topics.isReserved(topic) && !Topics.isPublishableReserved(topic)) return false;
        if (principal.anonymous()) return true;
        long gen = broker.accessControl().generation();
        if (gen != publishCacheGeneration) {
            publishCache.clear();
            publishCacheGeneration = gen;
        }
        Boolean b = publishCache.get(topic);
        if (b == null) {
            b = broker.accessControl().isAllowed(principal, IotAction.PUBLISH, topic);
            if (publishCache.size() < 1024) publishCache.put(topic, b);
        }
        return b;
    }

    static List<MqttProperties.StringPair> userProperties(MqttProperties props) {
        List<?> list = props.getProperties(MqttProperties.USER_PROPERTY);
        if (list.isEmpty()) return List.of();
        List<MqttProperties.StringPair> out = new ArrayList<>();
        for (Object property : list) {
            Object v = ((MqttProperties.MqttProperty<?>) property).value();
            if (v instanceof MqttProperties.StringPair sp) out.add(sp);
            else if (v instanceof List<?> l) {
                for (Object o : l) if (o instanceof MqttProperties.StringPair sp) out.add(sp);
            }
        }
        return out;
    }

    static MqttProperties forwardable(MqttProperties props) {
        MqttProperties out = null;
        for (int id : new int[]{MqttProperties.PAYLOAD_FORMAT_INDICATOR, MqttProperties.CONTENT_TYPE,
                MqttProperties.RESPONSE_TOPIC, MqttProperties.CORRELATION_DATA}) {
            MqttProperties.MqttProperty<?> p = props.getProperty(id);
            if (p != null) {
                if (out == null) out = new MqttProperties();
                out.add(p);
            }
        }
        return out == null ? MqttProperties.NO_PROPERTIES : out;
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE ------------------------------------------------------------------------

    private void onSubscribe(MqttSubscribeMessage m) {
        int packetId = m.idAndPropertiesVariableHeader().messageId();
        List<MqttTopicSubscription> subs = m.payload().topicSubscriptions();
        int[] codes = new int[subs.size()];
        int subscriptionId = SubscribeChecks.subscriptionId(m, v5);
        if (subscriptionId < 0 || SubscribeChecks.sharedWithNoLocal(m, v5)) {
            // Subscription Identifier 0 (§3.8.2.1.2) or No Local on a shared subscription ([MQTT-3.8.3-4])
            disconnect("CLIENT_ERROR", ReasonCodes.PROTOCOL_ERROR);
            return;
        }
        List<Runnable> afterAck = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            MqttTopicSubscription ts = subs.get(i);
            String filter = ts.topicFilter();
            // a shared subscription's rules apply to its filter without $share/{group}/; policies see the whole
            // filter, as IoT Core's iot:Subscribe resource topicfilter/$share/{group}/{filter} does
            boolean shared = SharedSubscriptions.isShared(filter);
            String matched = shared ? SharedSubscriptions.innerFilter(filter) : filter;
            int code;
            if (i >= broker.limits().maxSubscriptionsPerRequest()) {
                code = v5 ? ReasonCodes.QUOTA_EXCEEDED : 0x80;
            } else if (!Topics.isValidFilter(matched, broker.limits())) {
                code = v5 ? ReasonCodes.TOPIC_FILTER_INVALID : 0x80;
            } else if ((Topics.isReserved(matched) && !Topics.isSubscribableReserved(matched))
                    || (!principal.anonymous() && !broker.accessControl().isAllowed(principal, IotAction.SUBSCRIBE, filter))) {
                code = v5 ? ReasonCodes.NOT_AUTHORIZED_5 : 0x80;
            } else {
                int qos = ts.option().qos().value();
                Subscription sub = new Subscription(filter, qos, v5 && ts.option().isNoLocal(),
                        v5 && ts.option().isRetainAsPublished(), v5 ? ts.option().retainHandling().value() : 0, subscriptionId);
                boolean existed = broker.subscribe(session, sub);
                // retained messages are sent for a new Non-shared Subscription only (§3.3.1.3)
                if (!shared && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && !existed))) {
                    afterAck.add(() -> broker.sendRetained(session, sub));
                }
                code = qos;
            }
            codes[i] = code;
        }
        if (!broker.misbehaviour().withholdSuback(clientId)) {
            send(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                    new MqttSubAckPayload(codes)));
        }
        afterAck.forEach(Runnable::run);
    }

    private void onUnsubscribe(MqttUnsubscribeMessage m) {
        int packetId = m.idAndPropertiesVariableHeader().messageId();
        List<String> filters = m.payload().topics();
        short[] codes = new short[filters.size()];
        for (int i = 0; i < filters.size(); i++) {
            codes[i] = (short) (broker.unsubscribe(session, filters.get(i)) ? 0x00 : 0x11);
        }
        MqttUnsubAckPayload payload = v5 ? new MqttUnsubAckPayload(codes) : null;
        send(new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), payload));
    }

    // ---- DISCONNECT and loss ----------------------------------------------------------------------------

    private void onDisconnect(MqttMessage m) {
        int code = 0;
        if (v5 && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader rh) {
            code = rh.reasonCode() & 0xFF;
            MqttProperties.MqttProperty<?> e = rh.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (e != null) {
                long requested = Integer.toUnsignedLong((Integer) e.value());
                session.setExpiryInterval(Math.min(requested, broker.limits().maxSessionExpirySeconds()));
            }
        }
        // reason 0x04 = disconnect with will message
        graceful = code != 0x04;
        disconnectReason = "CLIENT_INITIATED_DISCONNECT";
        ctx.close();
    }

    private void onConnectionLost() {
        if (disconnectReason == null) disconnectReason = "CONNECTION_LOST";
        Will w = graceful ? null : will;
        will = null;
        broker.disconnected(this, session, w, disconnectReason, takenOver);
    }

    private int packetId(MqttMessage m) {
        Object vh = m.variableHeader();
        return vh instanceof MqttMessageIdVariableHeader id ? id.messageId() : -1;
    }

    private static int reasonCode(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader r ? r.reasonCode() & 0xFF : 0;
    }

    private String remote() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort()
                : String.valueOf(channel.remoteAddress());
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    boolean isV5() {
        return v5;
    }

    Session session() {
        return session;
    }
}
