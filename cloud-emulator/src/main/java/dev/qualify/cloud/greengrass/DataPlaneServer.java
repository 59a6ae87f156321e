package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.broker.AccessControl;
import dev.qualify.cloud.ca.IssuedCertificate;
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
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * The HTTPS server of the Greengrass data plane and the credentials provider on 127.0.0.1: TLS 1.2/1.3 with a
 * server certificate from the cloud's CA (so a nucleus trusting only its {@code rootCaPath} accepts it), client
 * certificates requested and checked against the CA when sent (pre-signed artifact URLs need none; every other
 * call does). See {@link DataPlaneHandler} for the operations.
 */
final class DataPlaneServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel channel;
    private int port;

    /** Binds the server; port 0 picks a free one. */
    void start(int requestedPort, IssuedCertificate serverCert, X509Certificate ca, GreengrassService service, PresignedUrls urls,
               AccessControl access, BiPredicate<String, String> certificateOfThing, Duration urlLifetime) throws InterruptedException {
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(serverCert.privateKey(), serverCert.certificate())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(ca).clientAuth(ClientAuth.OPTIONAL).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the data plane's TLS context: " + e.getMessage(), e);
        }
        int[] boundPort = new int[1];
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new ReadTimeoutHandler(120));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
                        ch.pipeline().addLast(new ChunkedWriteHandler());
                        ch.pipeline().addLast(new DataPlaneHandler(service, urls, access, certificateOfThing, urlLifetime, boundPort[0]));
                    }
                });
        try {
            channel = b.bind("127.0.0.1", requestedPort).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind failure (a checked BindException) undeclared
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + requestedPort + " for the Greengrass data plane ("
                    + e.getMessage() + "); choose another with --greengrass-port, or -1 for none", e);
        }
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        boundPort[0] = port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        if (channel != null) channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
