package dev.qualify.cloud.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MQTT 5 shared subscriptions (OASIS MQTT 5.0 §4.8.2): {@code $share/{ShareName}/{filter}}. Each message that matches
 * a group's filter goes to one member session of the group, not to all of them.
 *
 * <p>How a member is chosen (the spec leaves it to the server): round robin over the members that are connected now and
 * whose policy lets them receive the topic; only when none is connected does the message go, round robin, to a member
 * whose session persists, queued there until it reconnects. Each member gets the message at the QoS granted to its own
 * subscription ([MQTT-4.8.2-3]).
 *
 * <p>A QoS 1 or 2 message already sent to a member whose connection breaks stays in that member's session and is
 * re-sent when it reconnects (§4.4, the MAY of §4.8.2; for QoS 2 [MQTT-4.8.2-4]). When the member's session ends before
 * that (expiry, clean start, a non-persistent session closing), its unacknowledged QoS 1 messages and the messages
 * still queued for it from the group are handed to another member (the SHOULD of §4.8.2); an unfinished QoS 2 message
 * is not ([MQTT-4.8.2-5]). A message the member refused (PUBACK/PUBREC 0x80 or more) is discarded ([MQTT-4.8.2-6]).
 *
 * <p>Retained messages are not sent when a shared subscription is made (§3.3.1.3: they are sent for a new
 * Non-shared Subscription); No Local on a shared subscription is a Protocol Error ([MQTT-3.8.3-4]), refused by
 * {@link MqttConnection}. Routing costs nothing while no group exists; otherwise one filter match per group and message.
 * Thread-safe.
 */
final class SharedSubscriptions {
    static final String PREFIX = "$share/";

    /** One share group: a ShareName and a topic filter, and the sessions subscribed to it. */
    static final class Group {
        final String key;
        final String filter;
        final CopyOnWriteArrayList<Member> members = new CopyOnWriteArrayList<>();
        private final AtomicInteger next = new AtomicInteger();

        Group(String key, String filter) {
            this.key = key;
            this.filter = filter;
        }
    }

    /** A member of a group with its own subscription options (QoS, Subscription Identifier). */
    record Member(Session session, Subscription subscription) {
    }

    /** A message of a group left unfinished in a session that ended, to be given to another member. */
    record Redelivery(Group group, Message message) {
    }

    /** Delivers a message to the chosen member. */
    interface Target {
        void deliver(Member member, Message message, Group group);
    }

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private volatile boolean empty = true;

    /** Whether a topic filter names a shared subscription ({@code $share/...}). */
    static boolean isShared(String filter) {
        return filter != null && filter.startsWith(PREFIX);
    }

    /**
     * The topic filter of a shared subscription without its {@code $share/{ShareName}/} prefix, or null when the
     * ShareName is empty or holds {@code +} or {@code #}, or no filter follows ([MQTT-4.8.2-1], [MQTT-4.8.2-2]).
     */
    static String innerFilter(String sharedFilter) {
        int slash = sharedFilter.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || slash == sharedFilter.length() - 1) return null;
        String shareName = sharedFilter.substring(PREFIX.length(), slash);
        if (shareName.indexOf('+') >= 0 || shareName.indexOf('#') >= 0) return null;
        return sharedFilter.substring(slash + 1);
    }

    boolean isEmpty() {
        return empty;
    }

    /** Adds (or replaces) a session's membership of the group its subscription's filter names. */
    void add(Session session, Subscription sub) {
        synchronized (writeLock) {
            Group g = groups.computeIfAbsent(sub.filter(), k -> new Group(k, innerFilter(k)));
            g.members.removeIf(m -> m.session() == session);
            g.members.add(new Member(session, sub));
            empty = false;
        }
    }

    /** Removes a session from the group named by the filter; empty groups are forgotten. */
    void remove(Session session, String sharedFilter) {
        synchronized (writeLock) {
            Group g = groups.get(sharedFilter);
            if (g == null) return;
            g.members.removeIf(m -> m.session() == session);
            if (g.members.isEmpty()) groups.remove(sharedFilter, g);
            empty = groups.isEmpty();
        }
    }

    /** Gives a routed message to one member of each group whose filter matches its topic. */
    void route(Message m, Target target) {
        if (empty) return;
        for (Group g : groups.values()) {
            if (!Topics.matches(g.filter, m.topic())) continue;
            Member chosen = choose(g, m.topic());
            if (chosen != null) target.deliver(chosen, m, g);
        }
    }

    /** Hands the unfinished messages of an ended session to other members of their groups (the session left them already). */
    void redeliver(List<Redelivery> unfinished, Target target) {
        for (Redelivery r : unfinished) {
            Member chosen = choose(r.group(), r.message().topic());
            if (chosen != null) target.deliver(chosen, r.message(), r.group());
        }
    }

    private static Member choose(Group g, String topic) {
        List<Member> members = g.members;
        int n = members.size();
        if (n == 0) return null;
        int start = Math.floorMod(g.next.getAndIncrement(), n);
        Member offline = null;
        for (int i = 0; i < n; i++) {
            Member candidate;
            try {
                candidate = members.get((start + i) % n);
            } catch (IndexOutOfBoundsException e) {
                break; // a member left meanwhile
            }
            Session s = candidate.session();
            if (s.isEnded() || !s.canReceive(topic)) continue;
            if (s.isConnected()) return candidate;
            if (offline == null && s.expiryInterval() > 0) offline = candidate;
        }
        return offline;
    }
}
