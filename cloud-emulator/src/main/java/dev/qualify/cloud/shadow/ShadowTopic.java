package dev.qualify.cloud.shadow;

/**
 * A parsed shadow request topic: {@code $aws/things/{thing}/shadow[/name/{shadow}]/{update|get|delete}}.
 *
 * @param shadowName the named shadow, or "" for the classic shadow
 */
public record ShadowTopic(String thing, String shadowName, String operation) {

    /** The parsed topic, or null when it is not a shadow request topic. */
    public static ShadowTopic parse(String topic) {
        if (!topic.startsWith("$aws/things/")) return null;
        String[] p = topic.split("/", -1);
        if (p.length == 5 && p[3].equals("shadow")) return new ShadowTopic(p[2], "", p[4]);
        if (p.length == 7 && p[3].equals("shadow") && p[4].equals("name") && !p[5].isEmpty()) {
            return new ShadowTopic(p[2], p[5], p[6]);
        }
        return null;
    }

    /** The topic prefix up to the operation: {@code $aws/things/T/shadow} or {@code .../shadow/name/N}. */
    public String prefix() {
        return "$aws/things/" + thing + "/shadow" + (shadowName.isEmpty() ? "" : "/name/" + shadowName);
    }
}
