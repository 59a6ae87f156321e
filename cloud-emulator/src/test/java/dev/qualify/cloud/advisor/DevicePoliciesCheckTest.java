package dev.qualify.cloud.advisor;

import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.DefaultPolicies;
import dev.qualify.cloud.policy.PolicyDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DevicePoliciesCheckTest {
    private static final String THING = Recording.CLIENT;

    private static AdvisorSettings with(String name, String document) {
        return AdvisorSettings.defaults(THING).withPolicies(new DevicePolicies(List.of(PolicyDocument.parse(name, document)),
                Arns.DEFAULT));
    }

    private static AdvisorSettings scoped() {
        return with(DefaultPolicies.nameFor(THING), DefaultPolicies.documentFor(THING, Arns.DEFAULT));
    }

    private static Recording deviceAtWork() {
        return new Recording().connected("c1", false).subscribeIn("c1", 1, THING + "/advisor/trigger",
                "$aws/things/" + THING + "/shadow/update/delta").publishIn("c1", 2, false);
    }

    @Test
    void aScopedPolicyUsedWithinItsGrantsPasses() {
        Verdict v = deviceAtWork().judge(AdvisorCase.SECURITY_DEVICE_POLICIES, scoped());
        assertThat(v.status()).isEqualTo(AdvisorStatus.PASS);
        assertThat(v.evidence()).singleElement().asString().contains("every grant scoped");
    }

    @Test
    void aPolicyGrantingEveryActionOrEveryTopicFailsAndNamesTheGrant() {
        Verdict all = deviceAtWork().judge(AdvisorCase.SECURITY_DEVICE_POLICIES, with("wide",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}"));
        assertThat(all.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(all.actual()).contains("wide Action iot:*").contains("wide Resource *");
        Verdict topics = deviceAtWork().judge(AdvisorCase.SECURITY_DEVICE_POLICIES, with("topics",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Publish\",\"iot:Subscribe\"],"
                        + "\"Resource\":[\"arn:aws:iot:us-east-1:000000000000:client/" + THING + "\","
                        + "\"arn:aws:iot:us-east-1:000000000000:topic/*\",\"arn:aws:iot:us-east-1:000000000000:topicfilter/*\"]}]}"));
        assertThat(topics.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(topics.actual()).contains("Resource arn:aws:iot:us-east-1:000000000000:topic/*")
                .doesNotContain("client/" + THING);
    }

    @Test
    void aDeviceThatSubscribesOutsideItsPolicyFails() {
        Recording r = deviceAtWork().subscribeIn("c1", 3, "#");
        Verdict v = r.judge(AdvisorCase.SECURITY_DEVICE_POLICIES, scoped());
        assertThat(v.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(v.actual()).contains("SUBSCRIBE to # (iot:Subscribe on arn:aws:iot:us-east-1:000000000000:topicfilter/# is not allowed)");
    }

    @Test
    void withoutThePoliciesOrWithoutTheDeviceUsingThemTheCaseIsNotExercised() {
        assertThat(deviceAtWork().judge(AdvisorCase.SECURITY_DEVICE_POLICIES).status()).isEqualTo(AdvisorStatus.NOT_EXERCISED);
        Recording connectedOnly = new Recording().connected("c1", true);
        assertThat(connectedOnly.judge(AdvisorCase.SECURITY_DEVICE_POLICIES, scoped()).status())
                .isEqualTo(AdvisorStatus.NOT_EXERCISED);
    }
}
