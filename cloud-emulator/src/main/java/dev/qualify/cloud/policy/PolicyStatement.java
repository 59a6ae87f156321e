package dev.qualify.cloud.policy;

import java.util.List;

/**
 * One statement of a policy: an effect, action patterns (e.g. {@code iot:Publish}, {@code iot:*}) and resource ARN
 * patterns with {@code *} and {@code ?} wildcards and {@code ${iot:...}} variables.
 */
public record PolicyStatement(Effect effect, List<String> actions, List<String> resources) {
    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }
}
