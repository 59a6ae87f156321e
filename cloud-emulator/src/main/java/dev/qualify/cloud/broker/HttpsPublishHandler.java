package dev.qualify.cloud.broker;

import dev.qualify.cloud.policy.IotAction;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * IoT Core's HTTPS publish: {@code POST /topics/{topic}?qos=0|1} with the client certificate; the body is the
 * payload. Answers 200 with {@code {"message":"OK","traceId":...}}, 403 when the certificate or policy refuses,
 * 400 for a bad topic or QoS, 413 for a payload over the limit, 404 for other paths. Requests for the WebSocket
 * path never reach it.
 */
final class HttpsPublishHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final MqttBroker broker;

    HttpsPublishHandler(MqttBroker broker) {
        this.broker = broker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.rawPath();
        if (!path.startsWith("/topics/") || path.length() <= "/topics/".length()) {
            respond(ctx, req, HttpResponseStatus.NOT_FOUND, "Not Found");
            return;
        }
        if (!req.method().equals(HttpMethod.POST)) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
            return;
        }
        String topic = URLDecoder.decode(path.substring("/topics/".length()), StandardCharsets.UTF_8);
        int qos = 0;
        List<String> qp = q.parameters().get("qos");
        if (qp != null && !qp.isEmpty()) {
            try {
                qos = Integer.parseInt(qp.get(0));
            } catch (NumberFormatException e) {
                qos = -1;
            }
        }
        if (qos < 0 || qos > 1 || !Topics.isValidName(topic, broker.limits())) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "Bad Request");
            return;
        }
        if (req.content().readableBytes() > broker.limits().maxPayloadBytes()) {
            respond(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Payload Too Large");
            return;
        }
        X509Certificate cert = peer(ctx);
        AuthResult auth = broker.accessControl().authenticate(cert, null);
        if (!auth.isAccepted()) {
            broker.refused(new ConnectRefusal(Instant.now(), "https", String.valueOf(ctx.channel().remoteAddress()), null,
                    cert == null ? null : dev.qualify.cloud.ca.Pem.certificateId(cert), auth.refusal(), 403));
            respond(ctx, req, HttpResponseStatus.FORBIDDEN, "Forbidden");
            return;
        }
        Principal p = auth.principal();
        boolean allowed = (!Topics.isReserved(topic) || Topics.isPublishableReserved(topic))
                && (p.anonymous() || broker.accessControl().isAllowed(p, IotAction.PUBLISH, topic));
        if (!allowed) {
            respond(ctx, req, HttpResponseStatus.FORBIDDEN, "Forbidden");
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(req.content());
        broker.publishFromClient(p, new Message(topic, payload, qos, false, 0, List.of(), null, null));
        respond(ctx, req, HttpResponseStatus.OK, "OK");
    }

    private static X509Certificate peer(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) return null;
        try {
            return (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message) {
        String body = "{\"message\":\"" + message + "\",\"traceId\":\"" + UUID.randomUUID() + "\"}";
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }
}
