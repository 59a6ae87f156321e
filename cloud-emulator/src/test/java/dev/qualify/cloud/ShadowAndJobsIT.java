package dev.qualify.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.cloud.jobs.JobExecutionStatus;
import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.api.cloud.DeviceCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Device Shadow and Jobs flows over MQTT with a real client. */
class ShadowAndJobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;
    Mqtt5BlockingClient client;
    Mqtt5BlockingClient.Mqtt5Publishes inbox;

    @BeforeEach
    void start() throws Exception {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
        client = HiveMq.v5(dev1, "dev1");
        client.connect();
        inbox = client.publishes(MqttGlobalPublishFilter.ALL);
        client.subscribeWith().topicFilter("$aws/things/dev1/#").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @AfterEach
    void stop() {
        inbox.close();
        client.disconnect();
        cloud.close();
    }

    private void send(String topic, String json) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes()).send();
    }

    /** The next message on a topic (others are skipped). */
    private JsonNode expect(String topic) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            Optional<Mqtt5Publish> p = inbox.receive(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (p.isEmpty()) break;
            if (p.get().getTopic().toString().equals(topic)) return JSON.readTree(p.get().getPayloadAsBytes());
        }
        throw new AssertionError("nothing on " + topic);
    }

    @Test
    void shadowDeltaFlow() throws Exception {
        String s = "$aws/things/dev1/shadow";
        send(s + "/update", "{\"state\":{\"reported\":{\"color\":\"red\",\"power\":1}},\"clientToken\":\"t1\"}");
        JsonNode acc = expect(s + "/update/accepted");
        assertThat(acc.path("version").asLong()).isEqualTo(1);
        assertThat(acc.path("clientToken").asText()).isEqualTo("t1");
        assertThat(acc.path("metadata").path("reported").path("color").path("timestamp").asLong()).isPositive();

        // the application asks for blue: the device receives a delta with only what differs
        cloud.shadows().update("dev1", "", "{\"state\":{\"desired\":{\"color\":\"blue\",\"power\":1}}}");
        JsonNode delta = expect(s + "/update/delta");
        assertThat(delta.path("state").toString()).isEqualTo("{\"color\":\"blue\"}");
        assertThat(delta.path("version").asLong()).isEqualTo(2);

        // the device reports; a stale version is refused with 409
        send(s + "/update", "{\"state\":{\"reported\":{\"color\":\"blue\"}},\"version\":1,\"clientToken\":\"t2\"}");
        JsonNode rej = expect(s + "/update/rejected");
        assertThat(rej.path("code").asInt()).isEqualTo(409);
        assertThat(rej.path("clientToken").asText()).isEqualTo("t2");
        send(s + "/update", "{\"state\":{\"reported\":{\"color\":\"blue\"}},\"version\":2}");
        JsonNode docs = expect(s + "/update/documents");
        assertThat(docs.path("previous").path("version").asLong()).isEqualTo(2);
        assertThat(docs.path("current").path("state").path("reported").path("color").asText()).isEqualTo("blue");

        send(s + "/get", "{\"clientToken\":\"g\"}");
        JsonNode got = expect(s + "/get/accepted");
        assertThat(got.path("state").has("delta")).isFalse();
        assertThat(got.path("version").asLong()).isEqualTo(3);
        assertThat(got.path("clientToken").asText()).isEqualTo("g");

        send(s + "/delete", "{}");
        assertThat(expect(s + "/delete/accepted").path("version").asLong()).isEqualTo(3);
        send(s + "/get", "{}");
        assertThat(expect(s + "/get/rejected").path("code").asInt()).isEqualTo(404);
    }

    @Test
    void namedShadowAndBadRequests() throws Exception {
        String s = "$aws/things/dev1/shadow/name/config";
        send(s + "/update", "not json");
        assertThat(expect(s + "/update/rejected").path("code").asInt()).isEqualTo(400);
        send(s + "/update", "{\"clientToken\":\"x\"}");
        assertThat(expect(s + "/update/rejected").path("message").asText()).isEqualTo("Missing required node: state");
        send(s + "/update", "{\"state\":{\"desired\":{\"rate\":5}}}");
        assertThat(expect(s + "/update/delta").path("state").path("rate").asInt()).isEqualTo(5);
        assertThat(cloud.shadows().document("dev1", "config")).isPresent();
        assertThat(cloud.shadows().document("dev1", "")).isEmpty();
    }

    @Test
    void jobsFlowFromNotificationToSuccess() throws Exception {
        String j = "$aws/things/dev1/jobs";
        cloud.jobs().createJob("update-1", "{\"operation\":\"reboot\"}", List.of("dev1"), JobOptions.DEFAULT);
        JsonNode next = expect(j + "/notify-next");
        assertThat(next.path("execution").path("jobId").asText()).isEqualTo("update-1");
        assertThat(next.path("execution").path("jobDocument").path("operation").asText()).isEqualTo("reboot");

        send(j + "/get", "{\"clientToken\":\"c\"}");
        JsonNode pending = expect(j + "/get/accepted");
        assertThat(pending.path("queuedJobs").get(0).path("jobId").asText()).isEqualTo("update-1");

        send(j + "/start-next", "{\"statusDetails\":{\"step\":\"download\"}}");
        JsonNode started = expect(j + "/start-next/accepted");
        assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
        long version = started.path("execution").path("versionNumber").asLong();

        send(j + "/update-1/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":" + (version + 5) + "}");
        assertThat(expect(j + "/update-1/update/rejected").path("code").asText()).isEqualTo("VersionMismatch");
        send(j + "/update-1/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":" + version
                + ",\"includeJobExecutionState\":true,\"clientToken\":\"u\"}");
        JsonNode done = expect(j + "/update-1/update/accepted");
        assertThat(done.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("clientToken").asText()).isEqualTo("u");
        assertThat(expect(j + "/notify-next").has("execution")).isFalse();

        send(j + "/update-1/update", "{\"status\":\"IN_PROGRESS\"}");
        assertThat(expect(j + "/update-1/update/rejected").path("code").asText()).isEqualTo("TerminalStateReached");
        send(j + "/nope/get", "{}");
        assertThat(expect(j + "/nope/get/rejected").path("code").asText()).isEqualTo("ResourceNotFound");
        assertThat(cloud.jobs().execution("update-1", "dev1").orElseThrow().status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
    }

    @Test
    void inProgressExecutionTimesOut() throws Exception {
        String j = "$aws/things/dev1/jobs";
        cloud.jobs().createJob("slow", "{\"a\":1}", List.of("dev1"), new JobOptions(Duration.ofMillis(300), null));
        send(j + "/$next/get", "{}");
        assertThat(expect(j + "/$next/get/accepted").path("execution").path("jobId").asText()).isEqualTo("slow");
        send(j + "/slow/update", "{\"status\":\"IN_PROGRESS\"}");
        expect(j + "/slow/update/accepted");
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                cloud.jobs().execution("slow", "dev1").orElseThrow().status() == JobExecutionStatus.TIMED_OUT);
        send(j + "/slow/update", "{\"status\":\"SUCCEEDED\"}");
        assertThat(expect(j + "/slow/update/rejected").path("code").asText()).isEqualTo("TerminalStateReached");
    }

    @Test
    void greengrassNamespacedNextJobIsAnswered() throws Exception {
        String j = "$aws/things/dev1/jobs";
        cloud.jobs().createJob("gg-1", "{\"components\":{}}", List.of("dev1"), new JobOptions(null, "aws-gg-deployment"));
        assertThat(expect(j + "/notify-namespace-aws-gg-deployment").path("jobs").path("QUEUED").get(0).path("jobId").asText())
                .as("a JobExecutionsChanged event, as the nucleus reads it").isEqualTo("gg-1");
        cloud.jobs().createJob("ota-1", "{\"afr_ota\":{}}", List.of("dev1"), JobOptions.DEFAULT);
        send(j + "/$next/namespace-aws-gg-deployment/get", "{}");
        JsonNode got = expect(j + "/$next/namespace-aws-gg-deployment/get/accepted");
        assertThat(got.path("execution").path("jobId").asText()).isEqualTo("gg-1");
        assertThat(got.path("execution").path("jobDocument").isObject()).isTrue();
        send(j + "/gg-1/namespace-aws-gg-deployment/update", "{\"status\":\"SUCCEEDED\"}");
        expect(j + "/gg-1/namespace-aws-gg-deployment/update/accepted");
        assertThat(expect(j + "/notify-namespace-aws-gg-deployment").path("jobs").isEmpty())
                .as("nothing pending in the namespace any more, though ota-1 is").isTrue();
        send(j + "/$next/namespace-aws-gg-deployment/get", "{}");
        assertThat(expect(j + "/$next/namespace-aws-gg-deployment/get/accepted").has("execution"))
                .as("a job of no namespace is not the namespace's next").isFalse();
        send(j + "/$next/get", "{}");
        assertThat(expect(j + "/$next/get/accepted").path("execution").path("jobId").asText()).isEqualTo("ota-1");
    }
}
