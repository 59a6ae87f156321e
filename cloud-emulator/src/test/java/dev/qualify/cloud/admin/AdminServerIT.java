package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin endpoint: loopback only, a token from an owner-only file, and nothing without it. */
class AdminServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private EmulatedCloud cloud;
    private AdminServer admin;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        admin = AdminServer.start(cloud, dir);
    }

    @AfterEach
    void stop() {
        admin.close();
        cloud.close();
    }

    private static int status(HttpRequest.Builder b) throws Exception {
        return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theTokenFileIsOwnerOnlyAndTheEndpointOnLoopback() throws Exception {
        assertThat(Files.getPosixFilePermissions(AdminFile.path(dir)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        AdminFile f = AdminFile.read(dir).orElseThrow();
        assertThat(f.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(f.token()).hasSize(64);
        assertThat(f.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aRequestWithoutTheTokenOrWithAnotherIsRefused() throws Exception {
        AdminFile f = AdminFile.read(dir).orElseThrow();
        HttpRequest.Builder none = HttpRequest.newBuilder(f.url().resolve("/v1/faults/list"));
        assertThat(status(none)).isEqualTo(401);
        HttpRequest.Builder wrong = HttpRequest.newBuilder(f.url().resolve("/v1/faults/list"))
                .header("Authorization", "Bearer " + "0".repeat(64));
        assertThat(status(wrong)).isEqualTo(401);
        HttpRequest.Builder right = HttpRequest.newBuilder(f.url().resolve("/v1/faults/list"))
                .header("Authorization", "Bearer " + f.token());
        assertThat(status(right)).isEqualTo(200);
    }

    @Test
    void theClientSetsAFaultOnTheCloudAndGetsTheCloudsRefusalAsItsMessage() throws Exception {
        AdminClient c = AdminClient.of(dir).orElseThrow();
        c.call("faults/set", JSON.readTree("{\"client\":\"dev\",\"fault\":{\"name\":\"withhold-connack\",\"count\":3}}"));
        assertThat(cloud.faults().armed()).containsEntry("dev", java.util.Map.of("withhold-connack", "3"));
        assertThatThrownBy(() -> c.call("jobs/cancel", JSON.readTree("{\"jobId\":\"nope\"}")))
                .isInstanceOfSatisfying(AdminClient.AdminException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no job nope");
        assertThatThrownBy(() -> c.call("no/such", JSON.createObjectNode()))
                .isInstanceOfSatisfying(AdminClient.AdminException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void stoppingRemovesTheFileAndAStaleFileMeansNoCloud() throws Exception {
        String stale = Files.readString(AdminFile.path(dir));
        admin.close();
        assertThat(AdminFile.path(dir)).doesNotExist();
        Files.writeString(AdminFile.path(dir), stale); // as a cloud that died would leave it
        assertThat(AdminClient.of(dir)).isEmpty();
    }
}
