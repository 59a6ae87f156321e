package dev.qualify.cloud.aws;

/**
 * Something Qualify created in an AWS account for a run.
 *
 * @param kind {@code thing}, {@code certificate} or {@code policy}
 * @param id   the thing or policy name, or the certificate id
 */
public record CloudResource(String kind, String id) {
    public static final String THING = "thing";
    public static final String CERTIFICATE = "certificate";
    public static final String POLICY = "policy";

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
