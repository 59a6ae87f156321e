package dev.qualify.cloud.broker;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT 5 Subscription Identifiers sent on delivery (OASIS MQTT 5.0 §3.3.2.3.8, §3.3.4): the broker sends one copy of a
 * message per session, carrying the identifiers of all the session's subscriptions that matched it ([MQTT-3.3.4-3],
 * [MQTT-3.3.4-4]). A subscription without an identifier adds none.
 */
final class SubscriptionIds {
    private SubscriptionIds() {
    }

    /** The identifiers of one matching subscription: none, or its own. */
    static int[] of(Subscription sub) {
        return sub.subscriptionId() == 0 ? Session.NO_IDS : new int[]{sub.subscriptionId()};
    }

    /** The identifiers per session of a match result ({@code sessions.get(i)} matched {@code subs.get(i)}), in one pass. */
    static Map<Session, int[]> bySession(List<Session> sessions, List<Subscription> subs) {
        Map<Session, int[]> out = new IdentityHashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            int id = subs.get(i).subscriptionId();
            if (id == 0) continue;
            int[] had = out.get(sessions.get(i));
            int[] now;
            if (had == null) {
                now = new int[]{id};
            } else {
                now = java.util.Arrays.copyOf(had, had.length + 1);
                now[had.length] = id;
            }
            out.put(sessions.get(i), now);
        }
        return out;
    }
}
