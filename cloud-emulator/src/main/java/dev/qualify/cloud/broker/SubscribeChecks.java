package dev.qualify.cloud.broker;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;

/** MQTT 5 rules on a whole SUBSCRIBE packet, checked before any of its filters is acted on. */
final class SubscribeChecks {
    private SubscribeChecks() {
    }

    /**
     * The packet's Subscription Identifier (OASIS MQTT 5.0 §3.8.2.1.2): 0 when it has none (or for MQTT 3.1.1), -1
     * when it is 0, which is a Protocol Error.
     */
    static int subscriptionId(MqttSubscribeMessage m, boolean v5) {
        if (!v5) return 0;
        MqttProperties.MqttProperty<?> p = m.idAndPropertiesVariableHeader().properties()
                .getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER);
        if (p == null) return 0;
        int id = (Integer) p.value();
        return id > 0 ? id : -1;
    }

    /** Whether a filter is a shared subscription with No Local set: a Protocol Error ([MQTT-3.8.3-4]). */
    static boolean sharedWithNoLocal(MqttSubscribeMessage m, boolean v5) {
        if (!v5) return false;
        for (MqttTopicSubscription ts : m.payload().topicSubscriptions()) {
            if (ts.option().isNoLocal() && SharedSubscriptions.isShared(ts.topicFilter())) return true;
        }
        return false;
    }
}
