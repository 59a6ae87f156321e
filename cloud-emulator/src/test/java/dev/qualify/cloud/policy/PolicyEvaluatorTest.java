package dev.qualify.cloud.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyEvaluatorTest {
    private static final Arns A = Arns.DEFAULT;
    private static final String VARS = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"arn:aws:iot:*:*:topic/${iot:ClientId}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:*:*:topicfilter/${iot:ClientId}/*"},
              {"Effect":"Deny","Action":"iot:Publish","Resource":"arn:aws:iot:*:*:topic/${iot:ClientId}/secret"}
            ]}""";

    private static boolean allowed(String doc, IotAction action, String arn, String clientId, String thing) {
        return PolicyEvaluator.isAllowed(List.of(PolicyDocument.parse("p", doc)), action, arn, new PolicyContext(clientId, thing));
    }

    @Test
    void variablesAreSubstituted() {
        assertThat(allowed(VARS, IotAction.CONNECT, A.client("t1"), "t1", "t1")).isTrue();
        assertThat(allowed(VARS, IotAction.CONNECT, A.client("t2"), "t2", "t1")).isFalse();
        assertThat(allowed(VARS, IotAction.PUBLISH, A.topic("c1/data"), "c1", null)).isTrue();
        assertThat(allowed(VARS, IotAction.PUBLISH, A.topic("c2/data"), "c1", null)).isFalse();
        assertThat(allowed(VARS, IotAction.SUBSCRIBE, A.topicFilter("c1/#"), "c1", null)).isTrue();
    }

    @Test
    void unresolvedThingNameMatchesNothing() {
        assertThat(allowed(VARS, IotAction.CONNECT, A.client("t1"), "t1", null)).isFalse();
    }

    @Test
    void explicitDenyWinsAndAnythingNotAllowedIsDenied() {
        assertThat(allowed(VARS, IotAction.PUBLISH, A.topic("c1/secret"), "c1", null)).isFalse();
        assertThat(allowed(VARS, IotAction.RECEIVE, A.topic("c1/secret"), "c1", null)).isTrue();
        assertThat(allowed(VARS, IotAction.SUBSCRIBE, A.topicFilter("other"), "c1", null)).isFalse();
    }

    @Test
    void wildcardsInActionsAndResources() {
        String doc = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"arn:aws:iot:us-east-1:000000000000:topic/a?c/*\"}}";
        assertThat(allowed(doc, IotAction.PUBLISH, A.topic("abc/x/y"), "c", null)).isTrue();
        assertThat(allowed(doc, IotAction.PUBLISH, A.topic("abbc/x"), "c", null)).isFalse();
    }

    @Test
    void overlyPermissivePoliciesAreRecognised() {
        assertThat(PolicyEvaluator.isOverlyPermissive(PolicyDocument.parse("p",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"arn:aws:iot:*:*:topic/a\"}]}"))).isTrue();
        assertThat(PolicyEvaluator.isOverlyPermissive(PolicyDocument.parse("p",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}]}"))).isTrue();
        assertThat(PolicyEvaluator.isOverlyPermissive(PolicyDocument.parse("p",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:us-east-1:1:topic/*\"}]}"))).isTrue();
        assertThat(PolicyEvaluator.isOverlyPermissive(PolicyDocument.parse("p", DefaultPolicies.documentFor("t", A)))).isFalse();
    }

    @Test
    void defaultPolicyAllowsTheThingsTopicsAndClientIds() {
        String doc = DefaultPolicies.documentFor("t", A);
        assertThat(allowed(doc, IotAction.CONNECT, A.client("t"), "t", "t")).isTrue();
        assertThat(allowed(doc, IotAction.CONNECT, A.client("t-2"), "t-2", "t")).isTrue();
        assertThat(allowed(doc, IotAction.CONNECT, A.client("tx"), "tx", "t")).isFalse();
        assertThat(allowed(doc, IotAction.SUBSCRIBE, A.topicFilter("t/#"), "t", "t")).isTrue();
        assertThat(allowed(doc, IotAction.SUBSCRIBE, A.topicFilter("$aws/things/t/shadow/#"), "t", "t")).isTrue();
        assertThat(allowed(doc, IotAction.PUBLISH, A.topic("u/x"), "t", "t")).isFalse();
    }

    @Test
    void invalidDocumentsAreRejected() {
        assertThatThrownBy(() -> PolicyDocument.parse("p", "{")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyDocument.parse("p", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"x\",\"Resource\":\"y\"}]}"))
                .hasMessageContaining("Effect");
    }
}
