package dev.qualify.cloud.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A decoded MQTT message as text that depends on its content only: Netty's {@code toString()} with identity hashes
 * and buffer indexes taken out, then every property and the payload bytes spelled out. Two decodings of one byte
 * stream must describe alike however the stream was split.
 */
final class DecodedMessages {
    private DecodedMessages() {
    }

    static String describe(MqttMessage m) {
        String base = String.valueOf(m).replaceAll("@[0-9a-f]+", "").replaceAll("\\w*ByteBuf\\(.*?\\)\\)?(?=\\]|,)", "<bytes>");
        StringBuilder sb = new StringBuilder(base);
        Object vh = m.variableHeader();
        MqttProperties props = vh instanceof MqttPublishVariableHeader p ? p.properties()
                : vh instanceof MqttMessageIdAndPropertiesVariableHeader p ? p.properties()
                : vh instanceof MqttReasonCodeAndPropertiesVariableHeader p ? p.properties()
                : vh instanceof MqttConnectVariableHeader p ? p.properties()
                : vh instanceof MqttConnAckVariableHeader p ? p.properties() : null;
        if (props != null) sb.append(" properties=").append(properties(props));
        if (m instanceof MqttConnectMessage c) {
            sb.append(" will=").append(properties(c.payload().willProperties()))
                    .append(" willMessage=").append(hex(c.payload().willMessageInBytes()))
                    .append(" password=").append(hex(c.payload().passwordInBytes()));
        }
        if (m.payload() instanceof ByteBuf b) sb.append(" bytes=").append(ByteBufUtil.hexDump(b));
        return sb.toString();
    }

    private static List<String> properties(MqttProperties props) {
        List<String> out = new ArrayList<>();
        if (props == null) return out;
        for (MqttProperties.MqttProperty<?> p : props.listAll()) {
            Object v = p.value();
            String value;
            if (v instanceof byte[] b) value = hex(b);
            else if (v instanceof List<?> pairs) {
                List<String> kv = new ArrayList<>();
                for (Object o : pairs) {
                    MqttProperties.StringPair pair = (MqttProperties.StringPair) o;
                    kv.add(pair.key + "=" + pair.value);
                }
                value = kv.toString();
            } else value = String.valueOf(v);
            out.add(p.propertyId() + ":" + value);
        }
        return out;
    }

    private static String hex(byte[] b) {
        return b == null ? "null" : HexFormat.of().formatHex(b);
    }
}
