package dev.qualify.cloud.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.broker.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Message> out = new ArrayList<>();
    private final ShadowService shadows = new ShadowService(out::add);

    private JsonNode last(String topic) throws Exception {
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).topic().equals(topic)) return JSON.readTree(out.get(i).payload());
        }
        return null;
    }

    private void device(String topic, String json) {
        assertThat(shadows.onPublish(null, topic, json.getBytes())).isTrue();
    }

    @Test
    void nullDeletesKeysAndNestedObjectsMerge() throws Exception {
        device("$aws/things/t/shadow/update", "{\"state\":{\"reported\":{\"a\":1,\"n\":{\"x\":1,\"y\":2}}}}");
        device("$aws/things/t/shadow/update", "{\"state\":{\"reported\":{\"a\":null,\"n\":{\"y\":3}}}}");
        JsonNode doc = shadows.document("t", "").orElseThrow();
        assertThat(doc.path("state").path("reported").toString()).isEqualTo("{\"n\":{\"x\":1,\"y\":3}}");
        assertThat(doc.path("metadata").path("reported").has("a")).isFalse();
        assertThat(doc.path("version").asLong()).isEqualTo(2);
    }

    @Test
    void deltaHoldsOnlyDifferencesAndIsSentOnlyForDesiredChanges() throws Exception {
        device("$aws/things/t/shadow/update", "{\"state\":{\"desired\":{\"a\":1,\"b\":{\"c\":2,\"d\":3}},\"reported\":{\"a\":1,\"b\":{\"c\":2}}}}");
        assertThat(last("$aws/things/t/shadow/update/delta").path("state").toString()).isEqualTo("{\"b\":{\"d\":3}}");
        out.clear();
        device("$aws/things/t/shadow/update", "{\"state\":{\"reported\":{\"z\":1}}}");
        assertThat(last("$aws/things/t/shadow/update/delta")).isNull();
        assertThat(last("$aws/things/t/shadow/update/accepted")).isNotNull();
    }

    @Test
    void errorsUseIotCoreCodes() throws Exception {
        device("$aws/things/t/shadow/update", "[1]");
        assertThat(last("$aws/things/t/shadow/update/rejected").path("code").asInt()).isEqualTo(400);
        device("$aws/things/t/shadow/update", "{\"state\":{\"foo\":{}}}");
        assertThat(last("$aws/things/t/shadow/update/rejected").path("message").asText()).contains("foo");
        device("$aws/things/t/shadow/update", "{\"state\":{\"reported\":{\"x\":\"" + "y".repeat(9000) + "\"}}}");
        assertThat(last("$aws/things/t/shadow/update/rejected").path("code").asInt()).isEqualTo(413);
        device("$aws/things/t/shadow/delete", "{}");
        assertThat(last("$aws/things/t/shadow/delete/rejected").path("code").asInt()).isEqualTo(404);
        device("$aws/things/t/shadow/update", "{\"state\":{},\"version\":4}");
        assertThat(last("$aws/things/t/shadow/update/rejected").path("code").asInt()).isEqualTo(409);
    }

    @Test
    void unrelatedTopicsAreNotHandled() {
        assertThat(shadows.onPublish(null, "$aws/things/t/jobs/get", "{}".getBytes())).isFalse();
        assertThat(shadows.onPublish(null, "$aws/things/t/shadow/update/accepted", "{}".getBytes())).isFalse();
    }

    @Test
    void snapshotRestoresAllShadows() {
        device("$aws/things/t/shadow/name/cfg/update", "{\"state\":{\"desired\":{\"r\":1}}}");
        ObjectNode snap = shadows.snapshot();
        ShadowService other = new ShadowService(m -> { });
        other.restore(snap);
        assertThat(other.document("t", "cfg").orElseThrow().path("state").path("delta").path("r").asInt()).isEqualTo(1);
    }

    @Test
    void namedShadowUpdatesCheckTheVersionAndListenersHearOnlyAcceptedOnes() throws Exception {
        List<String> heard = new ArrayList<>();
        shadows.addUpdateListener((thing, name, accepted) -> heard.add(thing + "/" + name + "@" + accepted.path("version").asLong()));
        String gg = "$aws/things/t/shadow/name/AWSManagedGreengrassV2Deployment";
        JsonNode cloud = shadows.update("t", "AWSManagedGreengrassV2Deployment", "{\"state\":{\"desired\":{\"desiredStatus\":\"ACTIVE\"}}}");
        assertThat(cloud.path("version").asLong()).isEqualTo(1);
        assertThat(last(gg + "/update/accepted").path("state").path("desired").path("desiredStatus").asText()).isEqualTo("ACTIVE");
        assertThat(last(gg + "/update/delta").path("state").path("desiredStatus").asText()).isEqualTo("ACTIVE");
        device(gg + "/update", "{\"state\":{\"reported\":{\"status\":\"IN_PROGRESS\"}},\"version\":0}");
        assertThat(last(gg + "/update/rejected").path("code").asInt()).isEqualTo(409);
        device(gg + "/update", "{\"state\":{\"reported\":{\"status\":\"IN_PROGRESS\"}},\"version\":1}");
        assertThat(last(gg + "/update/accepted").path("version").asLong()).isEqualTo(2);
        device(gg + "/get", "{}");
        JsonNode doc = last(gg + "/get/accepted");
        assertThat(doc.path("state").path("reported").path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(doc.path("version").asLong()).isEqualTo(2);
        assertThat(shadows.document("t", "")).as("the classic shadow is another one").isEmpty();
        assertThat(heard).containsExactly("t/AWSManagedGreengrassV2Deployment@1", "t/AWSManagedGreengrassV2Deployment@2");
    }
}
