package dev.qualify.cloud.greengrass;

import java.util.Map;

/**
 * What {@link GreengrassService#createDeployment} needs.
 *
 * @param target                {@code thing:T}, {@code group:G}, or an IoT thing / thing group ARN
 * @param deploymentName        a name, or null for one made from the target
 * @param components            component name to version and configuration update
 * @param failureHandlingPolicy {@code ROLLBACK} (the default when null) or {@code DO_NOTHING}
 */
public record DeploymentRequest(String target, String deploymentName, Map<String, ComponentSpec> components,
                                String failureHandlingPolicy) {
}
