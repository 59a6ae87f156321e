package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.jobs.JobExecution;
import dev.qualify.cloud.jobs.JobsService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Job executions as a running cloud last saved them in {@code DATA/jobs.json} (it saves within half a second of a change). */
public final class SavedJobs {
    private SavedJobs() {
    }

    /** The executions of a job (one per thing), or none when the cloud never delivered it. */
    public static List<JobExecution> executionsOfJob(Path dataDir, String jobId) {
        Path f = dataDir.resolve("jobs.json");
        if (!Files.exists(f)) return List.of();
        try {
            JobsService jobs = new JobsService(m -> { }, null);
            jobs.restore(new ObjectMapper().readTree(f.toFile()));
            return jobs.executionsOfJob(jobId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
