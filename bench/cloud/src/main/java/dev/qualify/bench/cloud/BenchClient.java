package dev.qualify.bench.cloud;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A minimal MQTT 3.1.1 client on Netty's codec for load generation: connects over TLS, subscribes, publishes in
 * batches, and acknowledges QoS 1 deliveries (acks are flushed once per read batch).
 */
final class BenchClient extends SimpleChannelInboundHandler<MqttMessage> {
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final Consumer<ByteBuf> onPublish;
    Channel channel;

    private BenchClient(Consumer<ByteBuf> onPublish) {
        super(true);
        this.onPublish = onPublish;
    }

    static BenchClient connect(EventLoopGroup group, SslContext tls, String host, int port, String clientId, int keepAlive,
                               Consumer<ByteBuf> onPublish) {
        BenchClient c = new BenchClient(onPublish);
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
        b.connect(host, port).addListener(f -> {
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
            c.channel.closeFuture().addListener(x -> c.connected.completeExceptionally(new IllegalStateException("closed")));
        });
        return c;
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
            case SUBACK -> subscribed.complete(null);
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
        ctx.close();
    }

    void disconnect() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> channel.close());
        }
    }
}
