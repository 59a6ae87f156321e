package dev.qualify.cloud.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's HTTPS listener (HTTP/1.1 over TLS, Netty): routes requests to the operations of its
 * {@link RestService}s. Services may be added while it runs ({@link #register}). Handlers run off the I/O
 * threads (a small pool), as they read and write the data dir. {@link #close()} is idempotent.
 */
public final class ControlPlaneServer implements AutoCloseable {
    /** Largest request body accepted (a component recipe or policy fits easily). */
    public static final int MAX_BODY = 4 * 1024 * 1024;

    private final List<RestRoute> routes = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "qualify-control-plane");
        t.setDaemon(true);
        return t;
    });
    private volatile Channel channel;

    private ControlPlaneServer() {
    }

    /**
     * Binds the listener.
     *
     * @param host                   where to listen (127.0.0.1 unless told otherwise)
     * @param port                   the port, 0 for an ephemeral one
     * @param tls                    the server TLS context (client certificates optional)
     * @param verifier               checks SigV4 signatures
     * @param acceptedCertificateIds ids of client certificates that authenticate a request without a signature
     */
    public static ControlPlaneServer start(String host, int port, SslContext tls, SigV4Verifier verifier,
                                           Set<String> acceptedCertificateIds) throws InterruptedException {
        ControlPlaneServer s = new ControlPlaneServer();
        try {
            s.channel = new ServerBootstrap().group(s.group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast("tls", tls.newHandler(c.alloc()));
                            c.pipeline().addLast("http", new HttpServerCodec());
                            c.pipeline().addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
                            c.pipeline().addLast("control-plane",
                                    new ControlPlaneHandler(s.routes, verifier, Set.copyOf(acceptedCertificateIds), s.workers));
                        }
                    })
                    .bind(host, port).sync().channel();
            return s;
        } catch (InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Adds a service's operations.
     *
     * @throws IllegalArgumentException when one of them has the method and template of an operation already served
     */
    public synchronized void register(RestService service) {
        for (RestRoute r : service.routes()) {
            for (RestRoute have : routes) {
                if (have.method().equals(r.method()) && have.template().equals(r.template())) {
                    throw new IllegalArgumentException(r.operation() + " clashes with " + have.operation() + ": " + r.method() + " " + r.template());
                }
            }
            routes.add(r);
        }
    }

    /** The names of the operations served. */
    public List<String> operations() {
        return routes.stream().map(RestRoute::operation).toList();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
