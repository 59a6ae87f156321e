package dev.qualify.cloud.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A topic tree of subscriptions. Matching is lock-free over concurrent maps; changes are serialised so that empty
 * branches can be pruned safely. A match may miss or include a subscription changed concurrently, as MQTT allows.
 */
final class SubscriptionIndex {
    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>();
        final Map<Session, Subscription> subscribers = new ConcurrentHashMap<>();

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }

    private final Node root = new Node();
    private final Object writeLock = new Object();

    void add(Session session, Subscription subscription) {
        synchronized (writeLock) {
            Node n = root;
            for (String level : subscription.filter().split("/", -1)) {
                n = n.children.computeIfAbsent(level, k -> new Node());
            }
            n.subscribers.put(session, subscription);
        }
    }

    void remove(Session session, String filter) {
        synchronized (writeLock) {
            String[] levels = filter.split("/", -1);
            Node[] path = new Node[levels.length + 1];
            path[0] = root;
            for (int i = 0; i < levels.length; i++) {
                path[i + 1] = path[i].children.get(levels[i]);
                if (path[i + 1] == null) return;
            }
            path[levels.length].subscribers.remove(session);
            for (int i = levels.length; i > 0; i--) {
                if (!path[i].isEmpty()) break;
                path[i - 1].children.remove(levels[i - 1], path[i]);
            }
        }
    }

    /** Calls {@code out} for every subscription whose filter matches the topic (one call per session and filter). */
    void match(String topic, BiConsumer<Session, Subscription> out) {
        String[] levels = topic.split("/", -1);
        boolean dollar = topic.startsWith("$");
        match(root, levels, 0, dollar, out);
    }

    private static void match(Node node, String[] levels, int i, boolean dollar, BiConsumer<Session, Subscription> out) {
        boolean wildcardAllowed = !(dollar && i == 0);
        if (wildcardAllowed) {
            Node hash = node.children.get("#");
            if (hash != null) hash.subscribers.forEach(out);
        }
        if (i == levels.length) {
            node.subscribers.forEach(out);
            return;
        }
        Node exact = node.children.get(levels[i]);
        if (exact != null) match(exact, levels, i + 1, dollar, out);
        if (wildcardAllowed) {
            Node plus = node.children.get("+");
            if (plus != null) match(plus, levels, i + 1, dollar, out);
        }
    }
}
