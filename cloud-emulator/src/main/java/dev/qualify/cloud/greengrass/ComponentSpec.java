package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One component of a deployment.
 *
 * @param componentVersion    the exact version to deploy
 * @param configurationUpdate {@code {"merge": {...}, "reset": [...]}} or null; {@code merge} is always a JSON object
 */
public record ComponentSpec(String componentVersion, JsonNode configurationUpdate) {
}
