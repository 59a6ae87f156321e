package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.broker.AccessControl;
import dev.qualify.cloud.broker.AuthResult;
import dev.qualify.cloud.broker.Principal;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Greengrass data plane and the IoT credentials provider, as a nucleus calls them (rest-json: errors carry
 * {@code x-amzn-ErrorType} and a {@code {"message": ...}} body):
 * <ul>
 *   <li>{@code GET /greengrass/v2/coreDevices/{thing}/thingGroups} (ListThingGroupsForCoreDevice)</li>
 *   <li>{@code POST /greengrass/v2/resolveComponentCandidates} (recipes base64-encoded; 404
 *       {@code ResourceNotFoundException} when no version fits)</li>
 *   <li>{@code GET /greengrass/v2/components/{arn}/artifacts/{name}} (GetComponentVersionArtifact: a pre-signed URL)</li>
 *   <li>{@code GET /greengrass/v2/artifact-download?...} (the pre-signed URL itself; no client certificate needed,
 *       403 once expired or when the signature is wrong; {@code Range} answered with 206)</li>
 *   <li>{@code GET /role-aliases/{alias}/credentials} with {@code x-amzn-iot-thingname} (temporary credentials)</li>
 * </ul>
 * Every other call needs a registered, ACTIVE client certificate; unknown paths get 404. Requests that cannot be
 * understood get 400 and a log line with the client; nothing a client sends stops the server.
 */
final class DataPlaneHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneHandler.class);
    private static final Pattern THING_GROUPS = Pattern.compile("/greengrass/v2/coreDevices/([^/]+)/thingGroups");
    private static final Pattern ARTIFACT = Pattern.compile("/greengrass/v2/components/([^/]+)/artifacts/(.+)");
    private static final Pattern CREDENTIALS = Pattern.compile("/role-aliases/([^/]+)/credentials");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final GreengrassService service;
    private final ComponentResolver resolver;
    private final PresignedUrls urls;
    private final AccessControl access;
    private final BiPredicate<String, String> certificateOfThing;
    private final Duration urlLifetime;
    private final int port;

    DataPlaneHandler(GreengrassService service, PresignedUrls urls, AccessControl access, BiPredicate<String, String> certificateOfThing,
                     Duration urlLifetime, int port) {
        this.service = service;
        this.resolver = new ComponentResolver(service);
        this.urls = urls;
        this.access = access;
        this.certificateOfThing = certificateOfThing;
        this.urlLifetime = urlLifetime;
        this.port = port;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.rawPath();
        String who = String.valueOf(ctx.channel().remoteAddress());
        try {
            if (path.equals(PresignedUrls.PATH)) {
                download(ctx, req, q);
                return;
            }
            X509Certificate cert = peer(ctx);
            AuthResult auth = cert == null ? AuthResult.refused("no client certificate") : access.authenticate(cert, null);
            if (!auth.isAccepted()) {
                LOG.warn("data plane: {} {} from {} refused: {}", req.method(), path, who, auth.refusal());
                error(ctx, req, HttpResponseStatus.FORBIDDEN, "AccessDeniedException", "Forbidden: " + auth.refusal());
                return;
            }
            Principal p = auth.principal();
            who = p.thingName() != null ? p.thingName() : p.certificateId();
            Matcher m;
            if ((m = THING_GROUPS.matcher(path)).matches() && req.method().equals(HttpMethod.GET)) {
                thingGroups(ctx, req, p, decode(m.group(1)));
            } else if (path.equals("/greengrass/v2/resolveComponentCandidates") && req.method().equals(HttpMethod.POST)) {
                resolve(ctx, req, who);
            } else if ((m = ARTIFACT.matcher(path)).matches() && req.method().equals(HttpMethod.GET)) {
                artifactUrl(ctx, req, decode(m.group(1)), decode(m.group(2)));
            } else if ((m = CREDENTIALS.matcher(path)).matches() && req.method().equals(HttpMethod.GET)) {
                credentials(ctx, req, p, decode(m.group(1)));
            } else {
                LOG.info("data plane: client {} asked for unknown {} {}", who, req.method(), path);
                error(ctx, req, HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", "No such operation: " + req.method() + " " + path);
            }
        } catch (RuntimeException e) {
            LOG.warn("data plane: client {}: {} {} failed: {}", who, req.method(), path, e.toString());
            error(ctx, req, HttpResponseStatus.BAD_REQUEST, "ValidationException", "Bad request: " + e.getMessage());
        }
    }

    private void thingGroups(ChannelHandlerContext ctx, FullHttpRequest req, Principal p, String thing) {
        if (!certificateOfThing.test(p.certificateId(), thing)) {
            error(ctx, req, HttpResponseStatus.FORBIDDEN, "AccessDeniedException", "The certificate is not attached to " + thing);
            return;
        }
        ObjectNode out = F.objectNode();
        ArrayNode a = out.putArray("thingGroups");
        for (ThingGroupRecord g : service.thingGroupsOf(thing)) {
            ObjectNode n = a.addObject();
            n.put("thingGroupName", g.thingGroupName());
            n.put("hasChildGroups", false);
            n.putArray("rootToParentThingGroups");
        }
        json(ctx, req, HttpResponseStatus.OK, out);
    }

    private void resolve(ChannelHandlerContext ctx, FullHttpRequest req, String who) {
        JsonNode body;
        try {
            body = Recipes.JSON.readTree(req.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            LOG.warn("data plane: client {}: resolveComponentCandidates body is not a JSON object", who);
            error(ctx, req, HttpResponseStatus.BAD_REQUEST, "ValidationException", "The request body must be a JSON object");
            return;
        }
        try {
            json(ctx, req, HttpResponseStatus.OK, resolver.resolve(body));
        } catch (ComponentResolver.NoAvailableVersion e) {
            LOG.info("data plane: client {}: {}", who, e.getMessage());
            error(ctx, req, HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", e.getMessage());
        } catch (IllegalArgumentException e) {
            LOG.warn("data plane: client {}: bad resolveComponentCandidates: {}", who, e.getMessage());
            error(ctx, req, HttpResponseStatus.BAD_REQUEST, "ValidationException", e.getMessage());
        }
    }

    private void artifactUrl(ChannelHandlerContext ctx, FullHttpRequest req, String arn, String artifact) {
        Optional<ComponentVersionRecord> c = service.componentByArn(arn);
        if (c.isEmpty() || service.artifactFile(c.get(), artifact).isEmpty()) {
            error(ctx, req, HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", "No artifact " + artifact + " of " + arn);
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost:" + port);
        ObjectNode out = F.objectNode();
        out.put("preSignedUrl", urls.sign("https://" + host, arn, artifact, Instant.now().plus(urlLifetime)));
        json(ctx, req, HttpResponseStatus.OK, out);
    }

    private void download(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q) {
        String arn = param(q, "arn");
        String artifact = param(q, "artifact");
        String sig = param(q, "X-Amz-Signature");
        long expires;
        try {
            expires = Long.parseLong(param(q, "X-Amz-Expires"));
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (arn.isEmpty() || artifact.isEmpty() || expires < 0 || !urls.verify(arn, artifact, expires, sig)) {
            s3Error(ctx, req, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
            return;
        }
        if (Instant.now().getEpochSecond() > expires) {
            s3Error(ctx, req, "AccessDenied", "Request has expired");
            return;
        }
        Optional<Path> file = service.componentByArn(arn).flatMap(c -> service.artifactFile(c, artifact));
        if (file.isEmpty()) {
            s3Error(ctx, req, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        sendFile(ctx, req, file.get());
    }

    private static void sendFile(ChannelHandlerContext ctx, FullHttpRequest req, Path f) {
        RandomAccessFile raf = null;
        try {
            raf = new RandomAccessFile(f.toFile(), "r");
            long total = raf.length();
            long start = 0;
            long end = total - 1;
            HttpResponseStatus status = HttpResponseStatus.OK;
            String range = req.headers().get(HttpHeaderNames.RANGE);
            Matcher m = range == null ? null : Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range.trim());
            if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, total - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) end = Math.min(end, Long.parseLong(m.group(2)));
                }
                if (start > end || start >= total) {
                    raf.close();
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                    r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + total);
                    send(ctx, req, r);
                    return;
                }
                status = HttpResponseStatus.PARTIAL_CONTENT;
            }
            long len = total == 0 ? 0 : end - start + 1;
            HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
            HttpUtil.setContentLength(res, len);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            if (status == HttpResponseStatus.PARTIAL_CONTENT) res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + total);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            ctx.write(res);
            ChannelFuture done = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, start, len, 64 * 1024)));
            if (!keepAlive) done.addListener(ChannelFutureListener.CLOSE);
        } catch (IOException e) {
            if (raf != null) {
                try {
                    raf.close();
                } catch (IOException ignored) {
                    // closing after a failure
                }
            }
            error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalServerException", "cannot read the artifact");
        }
    }

    private void credentials(ChannelHandlerContext ctx, FullHttpRequest req, Principal p, String alias) {
        String thing = req.headers().get("x-amzn-iot-thingname");
        if (thing == null || thing.isBlank()) {
            error(ctx, req, HttpResponseStatus.BAD_REQUEST, "InvalidRequestException", "Missing header x-amzn-iot-thingname");
            return;
        }
        if (!certificateOfThing.test(p.certificateId(), thing)) {
            error(ctx, req, HttpResponseStatus.FORBIDDEN, "AccessDeniedException", "The certificate is not attached to " + thing);
            return;
        }
        Optional<RoleAliasRecord> r = service.roleAlias(alias);
        if (r.isEmpty()) {
            error(ctx, req, HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", "Role alias does not exist: " + alias);
            return;
        }
        ObjectNode out = F.objectNode();
        ObjectNode c = out.putObject("credentials");
        c.put("accessKeyId", "ASIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        c.put("secretAccessKey", random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40));
        c.put("sessionToken", random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 300));
        c.put("expiration", Instant.now().plusSeconds(r.get().credentialDurationSeconds()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        LOG.info("credentials for role alias {} handed to {}", alias, thing);
        json(ctx, req, HttpResponseStatus.OK, out);
    }

    private static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.toString();
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
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

    private static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, JsonNode body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body.toString(), StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().set("x-amzn-RequestId", UUID.randomUUID().toString());
        send(ctx, req, res);
    }

    private static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type, String message) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(F.objectNode().put("message", message).toString(), StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().set("x-amzn-ErrorType", type);
        res.headers().set("x-amzn-RequestId", UUID.randomUUID().toString());
        send(ctx, req, res);
    }

    private static void s3Error(ChannelHandlerContext ctx, FullHttpRequest req, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        HttpResponseStatus status = code.equals("NoSuchKey") ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN;
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        send(ctx, req, res);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        ChannelFuture f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("data plane connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
