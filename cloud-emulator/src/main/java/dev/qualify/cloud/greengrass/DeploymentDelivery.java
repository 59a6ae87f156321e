package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.cloud.jobs.JobsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Brings the jobs in line with the deployments, in the running cloud: each ACTIVE deployment is an IoT job in the
 * {@code aws-gg-deployment} namespace (job id = deployment id, document = {@link GreengrassService#jobDocument})
 * with an execution for every target thing, including things added to a target group later; a superseded
 * (CANCELED) deployment's job is cancelled. Idempotent; run after every change and periodically.
 */
public final class DeploymentDelivery {
    public static final String NAMESPACE = "aws-gg-deployment";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentDelivery.class);
    private final GreengrassService service;
    private final JobsService jobs;

    public DeploymentDelivery(GreengrassService service, JobsService jobs) {
        this.service = service;
        this.jobs = jobs;
    }

    public synchronized void sync() {
        List<DeploymentRecord> all = service.listDeployments();
        for (DeploymentRecord d : all) {
            if (!d.status().equals("ACTIVE") && jobs.hasJob(d.deploymentId())) jobs.cancelJob(d.deploymentId());
        }
        for (DeploymentRecord d : all) {
            if (!d.status().equals("ACTIVE")) continue;
            List<String> things = service.targetThings(d);
            if (things.isEmpty()) continue;
            try {
                if (!jobs.hasJob(d.deploymentId())) {
                    jobs.createJob(d.deploymentId(), service.jobDocument(d), things, new JobOptions(null, NAMESPACE));
                    LOG.info("deployment {} delivered to {} as job {}", d.deploymentId(), things, d.deploymentId());
                } else {
                    List<String> added = jobs.addThings(d.deploymentId(), things);
                    if (!added.isEmpty()) LOG.info("deployment {} delivered to {} (added to {})", d.deploymentId(), added, d.targetName());
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot deliver deployment {}: {}", d.deploymentId(), e.getMessage());
            }
        }
    }
}
