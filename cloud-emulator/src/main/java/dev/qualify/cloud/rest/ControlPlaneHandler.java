package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves one control-plane request: authenticates it (a client certificate the server accepts, or SigV4),
 * finds its route and answers in the restJson1 shapes. Errors are {@code {"message": ...}} with
 * {@code x-amzn-ErrorType}; nothing a client sends crashes the server.
 */
final class ControlPlaneHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RestRoute> routes;
    private final SigV4Verifier verifier;
    private final Set<String> acceptedCertificateIds;
    private final Executor workers;

    ControlPlaneHandler(List<RestRoute> routes, SigV4Verifier verifier, Set<String> acceptedCertificateIds, Executor workers) {
        this.routes = routes;
        this.verifier = verifier;
        this.acceptedCertificateIds = acceptedCertificateIds;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpRequest held = req.retainedDuplicate();
        try {
            workers.execute(() -> {
                try {
                    serve(ctx, held);
                } finally {
                    held.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            held.release();
            ctx.close();
        }
    }

    /** Runs off the I/O thread: handlers read and write the data dir. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest req) {
        String requestId = UUID.randomUUID().toString();
        int status;
        ObjectNode body;
        String errorType = null;
        String operation = new QueryStringDecoder(req.uri()).rawPath();
        try {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            Map<String, String> headers = new HashMap<>();
            req.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
            byte[] bytes = ByteBufUtil.getBytes(req.content());
            String signedFor = null;
            if (!clientCertificateAccepted(ctx)) {
                signedFor = verifier.verify(req.method().name(), q.rawPath(), q.parameters(), headers, bytes);
            }
            RestRoute route = null;
            Map<String, String> params = null;
            for (RestRoute r : routes) {
                if (!r.method().equals(req.method().name())) continue;
                Optional<Map<String, String>> m = r.match(q.rawPath());
                if (m.isPresent()) {
                    route = r;
                    params = m.get();
                    break;
                }
            }
            if (route == null) {
                throw new RestException(404, "UnknownOperationException",
                        "no operation " + req.method().name() + " " + q.rawPath() + " in this cloud's control plane");
            }
            operation = route.operation();
            if (signedFor != null && !signedFor.equals(route.signingName())) {
                throw RestException.forbidden("InvalidSignatureException",
                        "Credential should be scoped to correct service: '" + route.signingName() + "'.");
            }
            RestResponse r = route.handler().handle(new RestCall(operation, params, q.parameters(), headers, bytes));
            status = r.status();
            body = r.body();
        } catch (RestException e) {
            status = e.status();
            errorType = e.errorType();
            body = RestResponse.object().put("message", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("control plane: {} failed", operation, e);
            status = 500;
            errorType = "InternalFailureException";
            body = RestResponse.object().put("message", "internal error: " + e);
        }
        if (errorType != null) LOG.info("control plane: {} {} -> {} {}", req.method(), operation, status, errorType);
        respond(ctx, req, status, errorType, body, requestId);
    }

    private boolean clientCertificateAccepted(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null || acceptedCertificateIds.isEmpty()) return false;
        try {
            Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
            return peer.length > 0 && peer[0] instanceof X509Certificate x
                    && acceptedCertificateIds.contains(dev.qualify.cloud.ca.Pem.certificateId(x));
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, int status, String errorType, ObjectNode body,
                                String requestId) {
        byte[] out;
        try {
            out = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(out));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, out.length);
        res.headers().set("x-amzn-RequestId", requestId);
        if (errorType != null) res.headers().set("x-amzn-ErrorType", errorType);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control plane connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
