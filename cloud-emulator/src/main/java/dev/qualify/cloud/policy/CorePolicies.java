package dev.qualify.cloud.policy;

/** The policy attached to a Greengrass V2 core device's certificate. */
public final class CorePolicies {
    private CorePolicies() {
    }

    /**
     * What {@link DefaultPolicies#documentFor} allows (connect as the thing, its own topics and {@code $aws/things/<thing>/*},
     * where the nucleus' jobs, shadows and fleet status live), plus what a nucleus asks of the cloud: the artifacts of
     * the account's components ({@code greengrass:GetComponentVersionArtifact}), component resolution, its deployment
     * configuration and thing groups ({@code greengrass:GetDeploymentConfiguration},
     * {@code greengrass:ListThingGroupsForCoreDevice} on its thing), and {@code iot:AssumeRoleWithCertificate} on its
     * role alias only.
     */
    public static String documentFor(String thing, Arns arns, String roleAliasArn) {
        String base = DefaultPolicies.documentFor(thing, arns);
        int end = base.lastIndexOf(']');
        String greengrass = "arn:aws:greengrass:" + arns.region() + ":" + arns.account() + ":components:*";
        String thingArn = arns.prefix() + "thing/" + thing;
        return base.substring(0, end).stripTrailing() + """
                ,
                    {"Effect": "Allow", "Action": "greengrass:GetComponentVersionArtifact", "Resource": "%s"},
                    {"Effect": "Allow", "Action": "greengrass:ResolveComponentCandidates", "Resource": "*"},
                    {"Effect": "Allow", "Action": ["greengrass:GetDeploymentConfiguration", "greengrass:ListThingGroupsForCoreDevice"], "Resource": "%s"},
                    {"Effect": "Allow", "Action": "iot:AssumeRoleWithCertificate", "Resource": "%s"}
                  ]
                }
                """.formatted(json(greengrass), json(thingArn), json(roleAliasArn));
    }

    /**
     * The name of the token-exchange role alias of core device {@code thing}, whose ARN the policy grants
     * {@code iot:AssumeRoleWithCertificate} on: {@code <thing>-TokenExchangeRoleAlias} (a role alias name has no ':').
     */
    public static String roleAliasFor(String thing) {
        return (thing + "-TokenExchangeRoleAlias").replace(':', '_');
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
