package dev.qualify.cloud.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.broker.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobsServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Message> out = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final JobsService jobs = new JobsService(m -> {
        synchronized (out) {
            out.add(m);
        }
    }, timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private JsonNode last(String topic) throws Exception {
        synchronized (out) {
            for (int i = out.size() - 1; i >= 0; i--) {
                if (out.get(i).topic().equals(topic)) return JSON.readTree(out.get(i).payload());
            }
        }
        return null;
    }

    @Test
    void nextPendingPrefersInProgressThenOldestQueued() throws Exception {
        jobs.createJob("j1", "{\"a\":1}", List.of("t"), JobOptions.DEFAULT);
        jobs.createJob("j2", "{\"a\":2}", List.of("t"), JobOptions.DEFAULT);
        jobs.onPublish(null, "$aws/things/t/jobs/j2/update", "{\"status\":\"IN_PROGRESS\"}".getBytes());
        jobs.onPublish(null, "$aws/things/t/jobs/$next/get", "{}".getBytes());
        assertThat(last("$aws/things/t/jobs/$next/get/accepted").path("execution").path("jobId").asText()).isEqualTo("j2");
        assertThat(last("$aws/things/t/jobs/notify-next").path("execution").path("jobId").asText()).isEqualTo("j2");
    }

    @Test
    void devicesCannotSetCloudOnlyStatusesOrLeaveTerminalStates() throws Exception {
        jobs.createJob("j1", "{}", List.of("t"), JobOptions.DEFAULT);
        jobs.onPublish(null, "$aws/things/t/jobs/j1/update", "{\"status\":\"CANCELED\"}".getBytes());
        assertThat(last("$aws/things/t/jobs/j1/update/rejected").path("code").asText()).isEqualTo("InvalidRequest");
        jobs.onPublish(null, "$aws/things/t/jobs/j1/update", "{\"status\":\"REJECTED\"}".getBytes());
        assertThat(jobs.execution("j1", "t").orElseThrow().status()).isEqualTo(JobExecutionStatus.REJECTED);
        jobs.onPublish(null, "$aws/things/t/jobs/j1/update", "{\"status\":\"SUCCEEDED\",\"clientToken\":\"c\"}".getBytes());
        JsonNode r = last("$aws/things/t/jobs/j1/update/rejected");
        assertThat(r.path("code").asText()).isEqualTo("TerminalStateReached");
        assertThat(r.path("clientToken").asText()).isEqualTo("c");
        assertThat(r.path("executionState").path("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void versionNumbersGrowWithEachStatusChange() {
        jobs.createJob("j1", "{}", List.of("t"), JobOptions.DEFAULT);
        long v0 = jobs.execution("j1", "t").orElseThrow().versionNumber();
        jobs.onPublish(null, "$aws/things/t/jobs/start-next", "{}".getBytes());
        long v1 = jobs.execution("j1", "t").orElseThrow().versionNumber();
        jobs.onPublish(null, "$aws/things/t/jobs/j1/update", ("{\"status\":\"IN_PROGRESS\",\"expectedVersion\":" + v1 + "}").getBytes());
        long v2 = jobs.execution("j1", "t").orElseThrow().versionNumber();
        assertThat(v1).isGreaterThan(v0);
        assertThat(v2).isGreaterThan(v1);
    }

    @Test
    void aNamespacesJobsAreAnnouncedAsJobExecutionsChangedOnItsTopicAndItsNextSeesOnlyThem() throws Exception {
        jobs.createJob("gg", "{\"components\":{}}", List.of("t"), new JobOptions(null, "aws-gg-deployment"));
        jobs.createJob("plain", "{}", List.of("t"), JobOptions.DEFAULT);
        JsonNode changed = last("$aws/things/t/jobs/notify-namespace-aws-gg-deployment");
        assertThat(changed.path("jobs").path("QUEUED").get(0).path("jobId").asText()).isEqualTo("gg");
        assertThat(changed.path("jobs").path("QUEUED")).hasSize(1);
        assertThat(last("$aws/things/t/jobs/notify-next-namespace-aws-gg-deployment").path("execution").path("jobId").asText()).isEqualTo("gg");
        jobs.onPublish(null, "$aws/things/t/jobs/gg/namespace-aws-gg-deployment/update",
                "{\"status\":\"FAILED\",\"statusDetails\":{\"deployment-error-types\":[\"COMPONENT_ERROR\"],\"detailed-deployment-status\":\"FAILED_ROLLBACK_COMPLETE\"}}".getBytes());
        assertThat(jobs.execution("gg", "t").orElseThrow().statusDetails())
                .containsEntry("deployment-error-types", "[\"COMPONENT_ERROR\"]").containsEntry("detailed-deployment-status", "FAILED_ROLLBACK_COMPLETE");
        assertThat(last("$aws/things/t/jobs/notify-namespace-aws-gg-deployment").path("jobs").isEmpty()).isTrue();
        assertThat(last("$aws/things/t/jobs/notify-next-namespace-aws-gg-deployment").has("execution")).isFalse();
        jobs.onPublish(null, "$aws/things/t/jobs/$next/namespace-aws-gg-deployment/get", "{}".getBytes());
        assertThat(last("$aws/things/t/jobs/$next/namespace-aws-gg-deployment/get/accepted").has("execution")).isFalse();
        assertThat(last("$aws/things/t/jobs/notify").path("jobs").path("QUEUED").get(0).path("jobId").asText()).isEqualTo("plain");
    }

    @Test
    void creationIsValidated() {
        assertThatThrownBy(() -> jobs.createJob("j 1", "{}", List.of("t"), JobOptions.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.createJob("j1", "[]", List.of("t"), JobOptions.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.createJob("j1", "{}", List.of(), JobOptions.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        jobs.createJob("j1", "{}", List.of("t"), JobOptions.DEFAULT);
        assertThatThrownBy(() -> jobs.createJob("j1", "{}", List.of("t"), JobOptions.DEFAULT)).hasMessageContaining("exists");
    }

    @Test
    void snapshotRestoresJobsAndExecutions() {
        jobs.createJob("j1", "{\"x\":1}", List.of("t", "u"), JobOptions.DEFAULT);
        jobs.onPublish(null, "$aws/things/t/jobs/j1/update", "{\"status\":\"SUCCEEDED\"}".getBytes());
        JobsService other = new JobsService(m -> { }, timer);
        other.restore(jobs.snapshot());
        assertThat(other.execution("j1", "t").orElseThrow().status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
        assertThat(other.execution("j1", "u").orElseThrow().jobDocument().path("x").asInt()).isEqualTo(1);
    }
}
