package dev.qualify.cloud.greengrass;

/**
 * An IoT role alias: what {@code /role-aliases/{alias}/credentials} hands out temporary credentials for.
 *
 * @param credentialDurationSeconds lifetime of the credentials handed out
 */
public record RoleAliasRecord(String roleAlias, String roleAliasArn, String roleArn, int credentialDurationSeconds, long createdAt) {
}
