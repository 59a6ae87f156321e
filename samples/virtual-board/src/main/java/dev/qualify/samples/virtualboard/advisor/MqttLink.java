package dev.qualify.samples.virtualboard.advisor;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection of the demo over TLS: Netty's TLS and MQTT codec on the wire, a blocking queue of received
 * packets for the demo's single thread. Closing it (either side) ends the queue.
 */
final class MqttLink implements AutoCloseable {
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, daemon(), NioIoHandler.newFactory());
    private final Channel channel;
    private final BlockingQueue<MqttMessage> inbound;
    private volatile String failure;

    private MqttLink(Channel channel, BlockingQueue<MqttMessage> inbound) {
        this.channel = channel;
        this.inbound = inbound;
    }

    /**
     * Connects and completes the TLS handshake.
     *
     * @param maxPacketBytes the largest MQTT packet the device's buffer takes
     * @throws IOException when the connection or the handshake fails (the message says why)
     */
    static MqttLink open(String host, int port, SslContext tls, int maxPacketBytes, long timeoutMs)
            throws IOException, InterruptedException {
        BlockingQueue<MqttMessage> inbound = new LinkedBlockingQueue<>();
        MqttLink[] self = new MqttLink[1];
        Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMs)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        ch.pipeline().addLast("decoder", new MqttDecoder(maxPacketBytes));
                        ch.pipeline().addLast("encoder", MqttEncoder.INSTANCE);
                        ch.pipeline().addLast("queue", new SimpleChannelInboundHandler<MqttMessage>(false) {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
                                if (m.decoderResult().isFailure()) {
                                    if (self[0] != null) self[0].failure = "cannot decode a packet: " + m.decoderResult().cause().getMessage();
                                    ReferenceCountUtil.release(m);
                                    ctx.close();
                                    return;
                                }
                                inbound.add(m);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                if (self[0] != null && self[0].failure == null) self[0].failure = String.valueOf(cause.getMessage());
                                ctx.close();
                            }
                        });
                    }
                });
        ChannelFuture f = b.connect(host, port);
        if (!f.await(timeoutMs, TimeUnit.MILLISECONDS) || !f.isSuccess()) {
            f.channel().close();
            throw new IOException("cannot connect to " + host + ":" + port + ": "
                    + (f.cause() == null ? "timed out" : f.cause().getMessage()));
        }
        MqttLink link = new MqttLink(f.channel(), inbound);
        self[0] = link;
        SslHandler ssl = f.channel().pipeline().get(SslHandler.class);
        if (ssl == null) { // the server closed the connection at once: the pipeline is already torn down
            link.close();
            throw new IOException("the connection to " + host + ":" + port + " closed before the TLS handshake");
        }
        var handshake = ssl.handshakeFuture();
        if (!handshake.await(timeoutMs, TimeUnit.MILLISECONDS) || !handshake.isSuccess()) {
            link.close();
            throw new IOException("TLS handshake failed: " + (handshake.cause() == null ? "timed out" : rootMessage(handshake.cause())));
        }
        return link;
    }

    void send(MqttMessage m) {
        channel.writeAndFlush(m);
    }

    /** The next received packet within the timeout; empty when none came (or the link closed). */
    Optional<MqttMessage> receive(long timeoutMs) throws InterruptedException {
        return Optional.ofNullable(inbound.poll(timeoutMs, TimeUnit.MILLISECONDS));
    }

    boolean isOpen() {
        return channel.isActive() || !inbound.isEmpty();
    }

    /** Why the link broke, if it did on the device's side. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
        MqttMessage m;
        while ((m = inbound.poll()) != null) ReferenceCountUtil.release(m);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "virtual-board-mqtt");
            t.setDaemon(true);
            return t;
        };
    }
}
