package dev.qualify.cloud.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A snapshot of one job execution.
 *
 * @param queuedAt       epoch seconds
 * @param startedAt      epoch seconds, or 0 when never started
 * @param lastUpdatedAt  epoch seconds
 * @param versionNumber  grows with every status change (the {@code expectedVersion} of updates)
 */
public record JobExecution(String jobId, String thingName, JobExecutionStatus status, Map<String, String> statusDetails,
                           long queuedAt, long startedAt, long lastUpdatedAt, long versionNumber, long executionNumber,
                           JsonNode jobDocument) {
    public JobExecution {
        statusDetails = Map.copyOf(statusDetails);
    }
}
