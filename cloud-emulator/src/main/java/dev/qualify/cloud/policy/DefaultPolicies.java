package dev.qualify.cloud.policy;

/** The policy attached to a provisioned thing's certificate. */
public final class DefaultPolicies {
    private DefaultPolicies() {
    }

    /** The policy's name for a thing. */
    public static String nameFor(String thing) {
        return thing + "-default-policy";
    }

    /**
     * Connect as {@code <thing>} or {@code <thing>-*}; publish and receive on {@code <thing>/*} and
     * {@code $aws/things/<thing>/*}; subscribe to filters under the same prefixes. Names are written literally
     * so no statement grants {@code *} on a whole resource type.
     */
    public static String documentFor(String thing, Arns arns) {
        String client = arns.client(thing);
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": "iot:Connect", "Resource": ["%s", "%s-*"]},
                    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": ["%s", "%s", "%s", "%s"]},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": ["%s", "%s", "%s", "%s"]}
                  ]
                }
                """.formatted(json(client), json(client),
                json(arns.topic(thing)), json(arns.topic(thing + "/*")),
                json(arns.topic("$aws/things/" + thing)), json(arns.topic("$aws/things/" + thing + "/*")),
                json(arns.topicFilter(thing)), json(arns.topicFilter(thing + "/*")),
                json(arns.topicFilter("$aws/things/" + thing)), json(arns.topicFilter("$aws/things/" + thing + "/*")));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
