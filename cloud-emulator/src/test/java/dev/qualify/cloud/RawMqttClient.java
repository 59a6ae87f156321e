package dev.qualify.cloud;

import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A packet-level MQTT client on Netty's codec, for tests that must control or observe every packet (DUP flags,
 * withheld acknowledgements, malformed input). Received packets are queued; nothing is answered automatically.
 */
public final class RawMqttClient implements AutoCloseable {
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel channel;
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();

    private RawMqttClient(Endpoint e, SslContext tls, boolean autoRead) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .option(io.netty.channel.ChannelOption.AUTO_READ, autoRead)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", e.port()));
                        ch.pipeline().addLast(new MqttDecoder(1024 * 1024), MqttEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<MqttMessage>(false) {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                        received.add(msg);
                                    }
                                });
                    }
                });
        channel = b.connect(e.host(), e.port()).sync().channel();
    }

    /** Mutual TLS with a device's credentials. */
    public static RawMqttClient tls(DeviceCredentials c, Endpoint e) throws Exception {
        SslContext ctx = SslContextBuilder.forClient().keyManager(TestTls.keyManagers(c))
                .trustManager(TestTls.trustManagers(c.rootCaPem())).build();
        return new RawMqttClient(e, ctx, true);
    }

    /** Mutual TLS, not reading from the socket until {@link #startReading()}: a slow subscriber. */
    public static RawMqttClient tlsNotReading(DeviceCredentials c, Endpoint e) throws Exception {
        SslContext ctx = SslContextBuilder.forClient().keyManager(TestTls.keyManagers(c))
                .trustManager(TestTls.trustManagers(c.rootCaPem())).build();
        return new RawMqttClient(e, ctx, false);
    }

    public static RawMqttClient plain(Endpoint e) throws InterruptedException {
        return new RawMqttClient(e, null, true);
    }

    public void startReading() {
        channel.config().setAutoRead(true);
        channel.read();
    }

    public Channel channel() {
        return channel;
    }

    public void send(Object msg) {
        channel.writeAndFlush(msg).syncUninterruptibly();
    }

    public void sendBytes(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** Sends CONNECT and returns the CONNACK (or null when none came within 5 s). */
    public MqttMessage connect(String clientId, boolean clean, int keepAlive, MqttVersion version) throws InterruptedException {
        MqttConnectMessage m = MqttMessageBuilders.connect().clientId(clientId).cleanSession(clean).keepAlive(keepAlive)
                .protocolVersion(version).build();
        send(m);
        return next(MqttMessageType.CONNACK, 5000);
    }

    public void subscribe(int packetId, String filter, int qos) {
        send(MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(MqttQoS.valueOf(qos), filter).build());
    }

    public void publish(String topic, byte[] payload, int qos, int packetId, boolean dup, MqttProperties props) {
        send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId, props), Unpooled.wrappedBuffer(payload)));
    }

    public void ack(MqttMessageType type, int packetId) {
        send(new MqttMessage(new MqttFixedHeader(type, false, type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE,
                false, 0), MqttMessageIdVariableHeader.from(packetId)));
    }

    /** The next received packet of a type (others are skipped), or null after the timeout. */
    public MqttMessage next(MqttMessageType type, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) return null;
            MqttMessage m = received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) return null;
            if (m.fixedHeader() != null && m.fixedHeader().messageType() == type) return m;
            ReferenceCountUtil.release(m);
        }
    }

    public boolean awaitClosed(long timeoutMillis) {
        return channel.closeFuture().awaitUninterruptibly(timeoutMillis);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Closes the socket without DISCONNECT. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
    }

    static ByteBuf encodeForTest(MqttMessage m) {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(MqttEncoder.INSTANCE);
        ch.writeOutbound(m);
        ByteBuf out = Unpooled.buffer();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.writeBytes(b);
            b.release();
        }
        ch.finishAndReleaseAll();
        return out;
    }
}
