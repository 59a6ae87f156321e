package dev.qualify.cloud.broker;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;

/** Shows every decoded inbound and every outbound MQTT packet to a {@link PacketObserver}. */
final class CaptureHandler extends ChannelDuplexHandler {
    private final PacketObserver observer;

    CaptureHandler(PacketObserver observer) {
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof MqttMessage m) {
            observer.packet(ctx.channel().id().asShortText(), ctx.channel().attr(MqttConnection.CLIENT_ID).get(), true, m);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof MqttMessage m) {
            observer.packet(ctx.channel().id().asShortText(), ctx.channel().attr(MqttConnection.CLIENT_ID).get(), false, m);
        }
        super.write(ctx, msg, promise);
    }
}
