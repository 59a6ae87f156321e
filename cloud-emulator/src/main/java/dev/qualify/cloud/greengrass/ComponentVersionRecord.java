package dev.qualify.cloud.greengrass;

import java.util.Map;

/**
 * A registered component version.
 *
 * @param arn        {@code arn:aws:greengrass:REGION:ACCOUNT:components:NAME:versions:VERSION}
 * @param recipeJson the recipe as served to core devices: JSON, every artifact's {@code Uri} rewritten to
 *                   {@code greengrass:FILE} and its {@code Digest} (base64 SHA-256) and {@code Algorithm} filled in
 * @param artifacts  artifact file name to base64 SHA-256 digest; the bytes are in the data dir
 * @param createdAt  epoch millis
 */
public record ComponentVersionRecord(String componentName, String componentVersion, String arn, String recipeJson,
                                     Map<String, String> artifacts, long createdAt) {
    public ComponentVersionRecord {
        artifacts = Map.copyOf(artifacts);
    }

    String key() {
        return componentName + ":" + componentVersion;
    }
}
