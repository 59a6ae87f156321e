package dev.qualify.cloud.aws;

/**
 * Something Qualify created in an AWS account for a run.
 *
 * @param kind {@code thing}, {@code certificate}, {@code policy} or {@code roleAlias}
 * @param id   the thing, policy or role alias name, or the certificate id
 */
public record CloudResource(String kind, String id) {
    public static final String THING = "thing";
    public static final String CERTIFICATE = "certificate";
    public static final String POLICY = "policy";
    public static final String ROLE_ALIAS = "roleAlias";

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
