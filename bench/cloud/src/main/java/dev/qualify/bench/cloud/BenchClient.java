package dev.qualify.bench.cloud;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A minimal MQTT 3.1.1 client on Netty's codec for load generation: connects over TLS, subscribes, publishes in
 * batches, and acknowledges QoS 1 deliveries (acks are flushed once per read batch). Everything it does for a
 * message runs on its channel's event loop: no per-message thread hand-off, no reactive streams.
 *
 * <p>{@link #connected} completes on a successful CONNACK and fails on a refused one, a failed TCP connect or TLS
 * handshake, a close before CONNACK, or (with the {@link Options} overload) no CONNACK within the connect timeout.
 * {@link #subscribed} completes on the SUBACK and fails when the broker refused the filter (return code 0x80).
 */
final class BenchClient extends SimpleChannelInboundHandler<MqttMessage> {
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final Consumer<ByteBuf> onPublish;
    private final IntConsumer onPuback;
    Channel channel;
    /** Why the client closed the connection (an exception in its pipeline), or null. */
    volatile Throwable failure;

    private BenchClient(Consumer<ByteBuf> onPublish, IntConsumer onPuback) {
        super(true);
        this.onPublish = onPublish;
        this.onPuback = onPuback;
    }

    /**
     * How {@link #connect(EventLoopGroup, SslContext, Options, String, Consumer, IntConsumer)} connects.
     *
     * @param remote         the broker
     * @param local          the local address to bind, or null for any
     * @param tlsPeer        pass the broker's host and port to the TLS engine (SNI, and the JDK's client session
     *                       cache, so a later connection may resume the session); false for a full handshake each time
     * @param keepAlive      the CONNECT keep-alive in seconds; a PINGREQ is sent every half of it (0 for none)
     * @param connectTimeout seconds for the TCP connect, and for TLS handshake and CONNACK together twice that
     */
    record Options(java.net.InetSocketAddress remote, java.net.InetSocketAddress local, boolean tlsPeer, int keepAlive,
                   int connectTimeout) {
    }

    static BenchClient connect(EventLoopGroup group, SslContext tls, String host, int port, String clientId, int keepAlive,
                               Consumer<ByteBuf> onPublish) {
        BenchClient c = new BenchClient(onPublish, id -> { });
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port));
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, c);
                    }
                });
        c.start(b.connect(host, port), clientId, keepAlive);
        return c;
    }

    /**
     * Connects with the given options; {@code onPublish} gets each delivered payload and {@code onPuback} the packet id
     * of each PUBACK, both on the channel's event loop.
     */
    static BenchClient connect(EventLoopGroup group, SslContext tls, Options o, String clientId, Consumer<ByteBuf> onPublish,
                               IntConsumer onPuback) {
        BenchClient c = new BenchClient(onPublish, onPuback);
        int port = o.remote().getPort();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, o.connectTimeout() * 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler h = o.tlsPeer() ? tls.newHandler(ch.alloc(), o.remote().getHostString(), port)
                                : tls.newHandler(ch.alloc());
                        h.setHandshakeTimeoutMillis(o.connectTimeout() * 1000L);
                        ch.pipeline().addLast(h);
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, c);
                    }
                });
        ChannelFuture f = o.local() == null ? b.connect(o.remote()) : b.connect(o.remote(), o.local());
        c.start(f, clientId, o.keepAlive());
        f.addListener(x -> {
            if (!x.isSuccess()) return;
            Channel ch = f.channel();
            long limit = 2L * o.connectTimeout(); // the TLS handshake, then the CONNACK
            var timeout = ch.eventLoop().schedule(() -> {
                if (!c.connected.isDone()) {
                    c.connected.completeExceptionally(new java.util.concurrent.TimeoutException(
                            "no CONNACK within " + limit + " s of the TCP connect"));
                    ch.close();
                }
            }, limit, TimeUnit.SECONDS);
            ch.closeFuture().addListener(y -> timeout.cancel(false));
            if (o.keepAlive() > 0) {
                long every = Math.max(1, o.keepAlive() / 2);
                var ping = ch.eventLoop().scheduleAtFixedRate(() -> {
                    if (c.connected.isDone()) ch.writeAndFlush(MqttMessage.PINGREQ, ch.voidPromise());
                }, every, every, TimeUnit.SECONDS);
                ch.closeFuture().addListener(y -> ping.cancel(false));
            }
        });
        return c;
    }

    private void start(ChannelFuture connect, String clientId, int keepAlive) {
        BenchClient c = this;
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                c.connected.completeExceptionally(f.cause());
                return;
            }
            c.channel = ((io.netty.channel.ChannelFuture) f).channel();
            c.channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    c.connected.completeExceptionally(h.cause());
                    return;
                }
                c.channel.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                        .keepAlive(keepAlive).protocolVersion(MqttVersion.MQTT_3_1_1).build());
            });
            c.channel.closeFuture().addListener(x -> {
                c.connected.completeExceptionally(new IllegalStateException("closed", c.failure));
                c.subscribed.completeExceptionally(new IllegalStateException("closed", c.failure));
            });
        });
    }

    /**
     * Writes and flushes one QoS 1 PUBLISH encoded here rather than by {@link MqttEncoder} (which checks the topic
     * name character by character on every message): {@code topic} is the topic name's UTF-8 bytes, valid by the
     * caller's word. Same bytes on the wire as {@link #publish}; releases {@code payload}.
     */
    ChannelFuture publishQos1(byte[] topic, int packetId, ByteBuf payload) {
        int remaining = 2 + topic.length + 2 + payload.readableBytes();
        ByteBuf b = channel.alloc().buffer(5 + remaining);
        b.writeByte(0x32); // PUBLISH, QoS 1, no DUP, no RETAIN
        for (int left = remaining; ; ) { // Remaining Length, variable byte integer
            int digit = left & 0x7f;
            left >>>= 7;
            if (left == 0) {
                b.writeByte(digit);
                break;
            }
            b.writeByte(digit | 0x80);
        }
        b.writeShort(topic.length).writeBytes(topic).writeShort(packetId).writeBytes(payload);
        payload.release();
        return channel.writeAndFlush(b);
    }

    /**
     * Writes and flushes one PUBLISH (any thread; cheapest on the channel's event loop). The returned future fails when
     * the write did (for example on a closed channel).
     */
    ChannelFuture publish(String topic, int qos, int packetId, ByteBuf payload) {
        return channel.writeAndFlush(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                MqttQoS.valueOf(qos), false, 0), new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId), payload));
    }

    String tlsSession() {
        var s = channel.pipeline().get(SslHandler.class).engine().getSession();
        return s.getProtocol() + " " + s.getCipherSuite();
    }

    void subscribe(String filter, int qos) {
        channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.valueOf(qos), filter).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            ctx.close();
            return;
        }
        MqttMessageType t = msg.fixedHeader().messageType();
        switch (t) {
            case CONNACK -> {
                if (((MqttConnAckMessage) msg).variableHeader().connectReturnCode().byteValue() == 0) connected.complete(null);
                else connected.completeExceptionally(new IllegalStateException("refused"));
            }
            case SUBACK -> {
                if (((MqttSubAckMessage) msg).payload().grantedQoSLevels().contains(0x80)) {
                    subscribed.completeExceptionally(new IllegalStateException("subscription refused"));
                } else {
                    subscribed.complete(null);
                }
            }
            case PUBACK -> onPuback.accept(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
            case PUBLISH -> {
                MqttPublishMessage p = (MqttPublishMessage) msg;
                if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ctx.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                            MqttMessageIdVariableHeader.from(p.variableHeader().packetId())), ctx.voidPromise());
                }
                onPublish.accept(p.payload());
            }
            default -> {
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) failure = cause;
        ctx.close();
    }

    void disconnect() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> channel.close());
        }
    }
}
