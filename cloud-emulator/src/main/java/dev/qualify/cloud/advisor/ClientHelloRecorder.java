package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.TlsClientHello;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The first handler of a Device Advisor listener: Netty's {@link SslClientHelloHandler} buffers the device's
 * ClientHello; this records the offered versions, cipher suites and SNI name, then replaces itself with the
 * {@code SslHandler} of the server certificate the endpoint serves at that moment (so a case can swap in a bad
 * certificate on the device's own endpoint, as Device Advisor does).
 *
 * <p>Netty hands over the ClientHello body but parses only the SNI name out of it (privately), the JDK exposes
 * none of it on the server side, and Bouncy Castle's TLS parser ({@code bctls}) is not available to this build, so
 * the three length-prefixed lists are walked here (RFC 8446 §4.1.2); a malformed hello is recorded with empty lists
 * and the handshake is left to the {@code SslHandler}, which rejects it.
 */
final class ClientHelloRecorder extends SslClientHelloHandler<SslContext> {
    /** What the endpoint serves now: a label ({@code GOOD} or a bad-certificate kind) and its context. */
    record Served(String label, SslContext context) {
    }

    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_SUPPORTED_VERSIONS = 43;

    private final String listener;
    private final Supplier<Served> served;
    private final Consumer<TlsClientHello> sink;
    private final LongSupplier sequence;

    ClientHelloRecorder(String listener, Supplier<Served> served, Consumer<TlsClientHello> sink, LongSupplier sequence) {
        this.listener = listener;
        this.served = served;
        this.sink = sink;
        this.sequence = sequence;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        Served now = served.get();
        List<String> versions = new ArrayList<>();
        List<Integer> suites = new ArrayList<>();
        String[] sni = new String[1];
        if (clientHello != null) {
            try {
                read(clientHello, versions, suites, sni);
            } catch (IndexOutOfBoundsException malformed) {
                versions.clear();
                suites.clear();
            }
        }
        sink.accept(new TlsClientHello(sequence.getAsLong(), Instant.now(), System.nanoTime(),
                ctx.channel().id().asShortText(), listener, versions, suites, sni[0], now.label()));
        return ctx.executor().newSucceededFuture(now.context());
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
        ctx.pipeline().replace(this, "tls", future.getNow().newHandler(ctx.alloc()));
    }

    private static void read(ByteBuf b, List<String> versions, List<Integer> suites, String[] sni) {
        int i = b.readerIndex();
        int legacyVersion = b.getUnsignedShort(i);
        i += 2 + 32;                                  // legacy_version, random
        i += 1 + b.getUnsignedByte(i);                // legacy_session_id
        int suitesLength = b.getUnsignedShort(i);
        i += 2;
        for (int s = 0; s < suitesLength; s += 2) suites.add(b.getUnsignedShort(i + s));
        i += suitesLength;
        i += 1 + b.getUnsignedByte(i);                // legacy_compression_methods
        int end = i + 2 + b.getUnsignedShort(i);
        i += 2;
        while (i + 4 <= end) {
            int type = b.getUnsignedShort(i);
            int length = b.getUnsignedShort(i + 2);
            int data = i + 4;
            if (type == EXT_SUPPORTED_VERSIONS) {
                int n = b.getUnsignedByte(data);
                for (int v = 0; v < n; v += 2) versions.add(versionName(b.getUnsignedShort(data + 1 + v)));
            } else if (type == EXT_SERVER_NAME && length > 5 && b.getUnsignedByte(data + 2) == 0) {
                int nameLength = b.getUnsignedShort(data + 3);
                sni[0] = b.toString(data + 5, nameLength, java.nio.charset.StandardCharsets.US_ASCII);
            }
            i = data + length;
        }
        if (versions.isEmpty()) versions.add(versionName(legacyVersion));
        versions.removeIf(v -> v.startsWith("GREASE"));
    }

    static String versionName(int code) {
        return switch (code) {
            case 0x0304 -> "TLSv1.3";
            case 0x0303 -> "TLSv1.2";
            case 0x0302 -> "TLSv1.1";
            case 0x0301 -> "TLSv1";
            case 0x0300 -> "SSLv3";
            default -> (code & 0x0F0F) == 0x0A0A ? "GREASE" : String.format("0x%04x", code);
        };
    }
}
