package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.fault.FaultInjector;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.registry.Registry;
import dev.qualify.cloud.shadow.ShadowService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The admin operations on a data dir no cloud runs on: the shadows and jobs in {@code shadows.json} and
 * {@code jobs.json} are loaded, changed by the same code a running cloud uses ({@link AdminApi}, publishing to
 * nobody) and written back atomically, so a cloud started on the data dir later serves them (a job created so is
 * QUEUED and found by the device's {@code get} or {@code start-next}). Faults live in a running cloud only: they
 * are refused here.
 */
public final class OfflineAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SHADOWS = "shadows.json";
    static final String JOBS = "jobs.json";

    private OfflineAdmin() {
    }

    /**
     * Runs {@code POST /v1/OPERATION} on the data dir's state.
     *
     * @throws AdminClient.AdminException as a running cloud would answer (400, 404), and 409 for a fault
     */
    public static JsonNode call(Path dataDir, String operation, JsonNode body) throws AdminClient.AdminException {
        if (operation.startsWith("faults/")) {
            throw new AdminClient.AdminException(409, "faults live in a running cloud only; none runs on " + dataDir);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            ShadowService shadows = new ShadowService(m -> { });
            JobsService jobs = new JobsService(m -> { }, timer);
            Path s = dataDir.resolve(SHADOWS);
            Path j = dataDir.resolve(JOBS);
            if (Files.exists(s)) shadows.restore(JSON.readTree(s.toFile()));
            if (Files.exists(j)) jobs.restore(JSON.readTree(j.toFile()));
            AdminApi api = new AdminApi(Registry.open(dataDir), new FaultInjector(), shadows, jobs);
            AdminApi.Response r;
            try {
                r = api.handle("POST", URI.create("/v1/" + operation), JSON.writeValueAsBytes(body));
            } catch (IllegalArgumentException e) {
                throw new AdminClient.AdminException(400, e.getMessage());
            }
            if (r.status() != 200) throw new AdminClient.AdminException(r.status(), r.body().path("message").asText(r.body().toString()));
            if (shadows.isDirty()) write(dataDir, SHADOWS, shadows.snapshot());
            if (jobs.isDirty()) write(dataDir, JOBS, jobs.snapshot());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the state in " + dataDir, e);
        } finally {
            timer.shutdownNow();
        }
    }

    private static void write(Path dataDir, String name, JsonNode node) throws IOException {
        Path tmp = dataDir.resolve(name + ".tmp");
        JSON.writeValue(tmp.toFile(), node);
        Files.move(tmp, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
