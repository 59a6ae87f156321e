package dev.qualify.cloud.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy of a Greengrass core device's certificate. */
class CorePoliciesTest {
    static final String ALIAS = "arn:aws:iot:eu-west-1:123456789012:rolealias/gg-1-TokenExchangeRoleAlias";
    final PolicyDocument doc = PolicyDocument.parse("p", CorePolicies.documentFor("gg-1", new Arns("eu-west-1", "123456789012"), ALIAS));

    @Test
    void itAllowsTheThingsOwnMqttLikeTheDefaultPolicy() {
        PolicyDocument plain = PolicyDocument.parse("d", DefaultPolicies.documentFor("gg-1", new Arns("eu-west-1", "123456789012")));
        assertThat(doc.statements()).containsAll(plain.statements());
    }

    @Test
    void itAllowsAssumingARoleThroughItsOwnAliasOnly() {
        assertThat(doc.statements()).filteredOn(s -> s.actions().contains("iot:AssumeRoleWithCertificate"))
                .singleElement().satisfies(s -> assertThat(s.resources()).isEqualTo(List.of(ALIAS)));
    }

    @Test
    void itAllowsTheNucleusCallsOnItsOwnThing() {
        assertThat(doc.statements()).filteredOn(s -> s.actions().contains("greengrass:GetDeploymentConfiguration"))
                .singleElement().satisfies(s -> assertThat(s.resources()).containsExactly("arn:aws:iot:eu-west-1:123456789012:thing/gg-1"));
        assertThat(doc.statements()).anySatisfy(s -> assertThat(s.actions()).containsExactly("greengrass:GetComponentVersionArtifact"));
    }
}
