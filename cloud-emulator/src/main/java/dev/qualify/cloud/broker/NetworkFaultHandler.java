package dev.qualify.cloud.broker;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Applies the {@link NetworkFault} of a connection's client (latency and loss), between packet capture and the MQTT
 * protocol handler, so the protocol code is untouched: an outbound packet under latency is written later on the
 * channel's event loop, never before one written earlier; a lost PUBLISH is released and reported as a {@code LOST}
 * connection event. Without a fault for the client, a packet passes with one lookup.
 */
final class NetworkFaultHandler extends ChannelDuplexHandler {
    private final Misbehaviour misbehaviour;
    private final Events events;
    private final String listener;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long lastDueNanos;

    private record Pending(Object msg, ChannelPromise promise) {
    }

    /** Where a lost packet is reported: {@link MqttBroker}'s connection events. */
    interface Events {
        void connection(String connectionId, String listener, String remoteAddress, String event, String detail);
    }

    NetworkFaultHandler(Misbehaviour misbehaviour, Events events, String listener) {
        this.misbehaviour = misbehaviour;
        this.events = events;
        this.listener = listener;
    }

    private NetworkFault fault(ChannelHandlerContext ctx) {
        String clientId = ctx.channel().attr(MqttConnection.CLIENT_ID).get();
        return clientId == null ? null : misbehaviour.networkFault(clientId);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof MqttPublishMessage p && lost(ctx, fault(ctx))) {
            report(ctx, "inbound PUBLISH id " + p.variableHeader().packetId() + " on " + p.variableHeader().topicName());
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        NetworkFault f = msg instanceof MqttMessage ? fault(ctx) : null;
        if (f == null && pending.isEmpty()) {
            super.write(ctx, msg, promise);
            return;
        }
        if (msg instanceof MqttPublishMessage p && lost(ctx, f)) {
            report(ctx, "outbound PUBLISH id " + p.variableHeader().packetId() + " on " + p.variableHeader().topicName());
            ReferenceCountUtil.release(msg);
            promise.trySuccess(); // as a network would: the broker believes it sent it
            return;
        }
        long latency = f == null ? 0 : TimeUnit.MILLISECONDS.toNanos(f.latencyMillis());
        if (latency == 0 && pending.isEmpty()) {
            super.write(ctx, msg, promise);
            return;
        }
        // behind every packet still held, even once the latency is gone: one task a packet, each writes the oldest
        long now = ctx.executor().ticker().nanoTime();
        long due = Math.max(now + latency, lastDueNanos);
        lastDueNanos = due;
        pending.add(new Pending(msg, promise));
        ctx.executor().schedule(() -> {
            Pending next = pending.poll();
            if (next != null) ctx.writeAndFlush(next.msg(), next.promise());
        }, due - now, TimeUnit.NANOSECONDS);
    }

    private static boolean lost(ChannelHandlerContext ctx, NetworkFault f) {
        return f != null && f.lossRate() > 0 && ThreadLocalRandom.current().nextDouble() < f.lossRate();
    }

    private void report(ChannelHandlerContext ctx, String what) {
        String remote = String.valueOf(ctx.channel().remoteAddress());
        events.connection(ctx.channel().id().asShortText(), listener, remote, "LOST", what + " dropped by the loss fault");
    }
}
