package dev.qualify.cloud.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Server-assigned topic aliases on delivery, for one network connection (OASIS MQTT 5.0 §3.3.2.3.4). The first
 * PUBLISH of a topic carries the topic and a new alias; later ones carry an empty topic and the alias. Aliases are
 * numbered 1 to the Topic Alias Maximum the client sent in CONNECT ([MQTT-3.3.2-11]; none at all when it sent 0 or
 * nothing, [MQTT-3.1.2-30]); once they are all used, further topics go out in full and the mapping never changes, so an
 * alias always means one topic on the connection. A new connection starts with no aliases ([MQTT-3.3.2-7]).
 *
 * <p>Callers serialise sends to one connection (the session's monitor), so the PUBLISH that defines an alias is always
 * queued before one that uses it. Lookup of a known topic allocates nothing.
 */
final class TopicAliases {
    private final int maximum;
    private final Map<String, Integer> byTopic = new HashMap<>();

    /** @param maximum the client's Topic Alias Maximum, more than 0 */
    TopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /**
     * The alias to send with a PUBLISH of this topic: positive when the topic already has one (send an empty topic),
     * negative when one was just assigned (send the topic and the alias {@code -result}), 0 for none (send the topic).
     */
    synchronized int aliasFor(String topic) {
        Integer known = byTopic.get(topic);
        if (known != null) return known;
        if (byTopic.size() >= maximum) return 0;
        int alias = byTopic.size() + 1;
        byTopic.put(topic, alias);
        return -alias;
    }
}
