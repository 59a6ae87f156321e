package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.shadow.ShadowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Brings the jobs and deployment shadows in line with the deployments, in the running cloud, as Greengrass does: each
 * ACTIVE thing-group deployment is an IoT job in the {@code aws-gg-deployment} namespace (job id = deployment id,
 * document = {@link GreengrassService#jobDocument}) with an execution for every member thing, including things added
 * to the group later; a superseded or cancelled (CANCELED) deployment's job is cancelled. A deployment to a single
 * thing goes through the thing's {@code AWSManagedGreengrassV2Deployment} shadow instead
 * ({@link ShadowDeploymentDelivery}). Idempotent; run after every change and periodically.
 */
public final class DeploymentDelivery {
    public static final String NAMESPACE = "aws-gg-deployment";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentDelivery.class);
    private final GreengrassService service;
    private final JobsService jobs;
    private final ShadowDeploymentDelivery shadowDelivery;

    /** @param worker where the statuses devices report through the deployment shadow are recorded */
    public DeploymentDelivery(GreengrassService service, JobsService jobs, ShadowService shadows, Executor worker) {
        this.service = service;
        this.jobs = jobs;
        this.shadowDelivery = new ShadowDeploymentDelivery(service, shadows, worker);
    }

    public synchronized void sync() {
        List<DeploymentRecord> all = service.listDeployments();
        shadowDelivery.sync(all.stream().filter(d -> !d.isThingGroup()).toList());
        for (DeploymentRecord d : all) {
            if (!d.status().equals("ACTIVE") && jobs.hasJob(d.deploymentId())) jobs.cancelJob(d.deploymentId());
        }
        for (DeploymentRecord d : all) {
            if (!d.status().equals("ACTIVE") || !d.isThingGroup()) continue;
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
