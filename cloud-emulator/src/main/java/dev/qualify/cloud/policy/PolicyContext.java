package dev.qualify.cloud.policy;

/**
 * Values for the policy variables of one connection.
 *
 * @param clientId  {@code ${iot:ClientId}}
 * @param thingName {@code ${iot:Connection.Thing.ThingName}}, or null when the certificate is attached to no thing
 */
public record PolicyContext(String clientId, String thingName) {
}
