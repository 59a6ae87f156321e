package dev.qualify.cloud.policy;

/**
 * Builds the resource ARNs the emulated cloud evaluates policies against:
 * {@code arn:aws:iot:<region>:<account>:client/<id>}, {@code topic/<topic>} and {@code topicfilter/<filter>}.
 */
public record Arns(String region, String account) {
    /** The emulator's default region and account. */
    public static final Arns DEFAULT = new Arns("us-east-1", "000000000000");

    public String prefix() {
        return "arn:aws:iot:" + region + ":" + account + ":";
    }

    public String client(String clientId) {
        return prefix() + "client/" + clientId;
    }

    public String topic(String topic) {
        return prefix() + "topic/" + topic;
    }

    public String topicFilter(String filter) {
        return prefix() + "topicfilter/" + filter;
    }
}
