package dev.qualify.cloud.broker;

import java.nio.charset.StandardCharsets;

/** Topic name and filter rules: MQTT's, plus IoT Core's limits and reserved topics. */
public final class Topics {
    private Topics() {
    }

    /** A valid topic name for PUBLISH: not empty, no wildcards, no NUL, within the limits. */
    public static boolean isValidName(String topic, BrokerLimits limits) {
        if (topic == null || topic.isEmpty()) return false;
        if (!withinLimits(topic, limits)) return false;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == 0) return false;
        }
        return true;
    }

    /** A valid topic filter: {@code #} only last and alone in its level, {@code +} alone in its level. */
    public static boolean isValidFilter(String filter, BrokerLimits limits) {
        if (filter == null || filter.isEmpty()) return false;
        if (!withinLimits(filter, limits)) return false;
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.indexOf(0) >= 0) return false;
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) return false;
            if (l.contains("+") && !l.equals("+")) return false;
        }
        return true;
    }

    private static boolean withinLimits(String t, BrokerLimits limits) {
        if (t.getBytes(StandardCharsets.UTF_8).length > limits.maxTopicBytes()) return false;
        int slashes = 0;
        for (int i = 0; i < t.length(); i++) if (t.charAt(i) == '/') slashes++;
        // IoT Core does not count the fixed prefix segments of its reserved rules topics
        if (t.startsWith("$aws/rules/")) slashes -= 2;
        return slashes <= limits.maxTopicSlashes();
    }

    /** True when the filter matches the topic; wildcards at the first level never match {@code $} topics. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
        int f = 0, t = 0;
        int fl = filter.length(), tl = topic.length();
        while (true) {
            int fe = filter.indexOf('/', f);
            if (fe < 0) fe = fl;
            String level = filter.substring(f, fe);
            if (level.equals("#")) return true;
            if (t > tl) return false;
            int te = topic.indexOf('/', t);
            if (te < 0) te = tl;
            if (!level.equals("+") && !level.equals(topic.substring(t, te))) return false;
            boolean fDone = fe == fl, tDone = te == tl;
            if (fDone && tDone) return true;
            if (tDone) {
                // "a/#" matches "a"
                return filter.substring(fe + 1).equals("#");
            }
            if (fDone) return false;
            f = fe + 1;
            t = te + 1;
        }
    }

    /** A topic in the IoT Core reserved space ({@code $aws/...}) or any other {@code $} topic. */
    public static boolean isReserved(String topicOrFilter) {
        return topicOrFilter.startsWith("$");
    }

    /**
     * Reserved topics a device may publish to: shadow, jobs, stream block and basic-ingest rules requests. Responses
     * ({@code /accepted}, {@code /rejected}, {@code /delta}, {@code /documents}, {@code notify*}) and lifecycle events
     * are the cloud's alone.
     */
    public static boolean isPublishableReserved(String topic) {
        if (topic.startsWith("$aws/rules/")) return true;
        if (!topic.startsWith("$aws/things/")) return false;
        String[] p = topic.split("/");
        if (p.length < 5) return false;
        String last = p[p.length - 1];
        if (p[3].equals("shadow")) {
            boolean named = p.length >= 7 && p[4].equals("name");
            int opIndex = named ? 6 : 4;
            return p.length == opIndex + 1 && (last.equals("update") || last.equals("get") || last.equals("delete"));
        }
        if (p[3].equals("jobs")) {
            return last.equals("get") || last.equals("start-next") || last.equals("update");
        }
        if (p[3].equals("streams")) { // MQTT-based file delivery: block requests only; data is the cloud's
            return p.length == 7 && p[5].equals("get") && (last.equals("cbor") || last.equals("json"));
        }
        return p[3].equals("greengrassv2") || p[3].equals("greengrass") || p[3].equals("defender");
    }

    /** Reserved filters a device may subscribe to: its things' topics and lifecycle events. */
    public static boolean isSubscribableReserved(String filter) {
        return filter.startsWith("$aws/things/") || filter.startsWith("$aws/events/");
    }
}
