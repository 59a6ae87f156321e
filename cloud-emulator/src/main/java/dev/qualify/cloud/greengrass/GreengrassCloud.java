package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.broker.AccessControl;
import dev.qualify.cloud.broker.MqttBroker;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.Registry;
import dev.qualify.cloud.shadow.ShadowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Greengrass V2 in a running cloud: the {@link GreengrassService} model on the data dir, the data-plane HTTPS
 * server, fleet-status recording, and delivery of deployments (as jobs to thing groups, through the
 * {@code AWSManagedGreengrassV2Deployment} shadow to single things). {@link #housekeep()} runs periodically
 * (picking up what {@code qualify cloud} commands changed).
 */
public final class GreengrassCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GreengrassCloud.class);
    /** How long a pre-signed artifact URL is valid (as S3's default for GetComponentVersionArtifact: 15 minutes). */
    public static final Duration URL_LIFETIME = Duration.ofMinutes(15);

    private final GreengrassService service;
    private final DeploymentDelivery delivery;
    private final PresignedUrls urls;
    private final DataPlaneServer server = new DataPlaneServer();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "qualify-cloud-greengrass");
        t.setDaemon(true);
        return t;
    });

    private GreengrassCloud(Path dataDir, Registry registry, Arns arns, JobsService jobs, ShadowService shadows) {
        this.service = new GreengrassService(dataDir, arns, t -> registry.thing(t).isPresent());
        this.delivery = new DeploymentDelivery(service, jobs, shadows, worker);
        this.urls = new PresignedUrls(dataDir.resolve("greengrass"));
    }

    /**
     * Starts the data plane on 127.0.0.1:{@code port} (0: a free port) and hooks fleet status into the broker.
     *
     * @param jobs    the cloud's jobs, which carry thing-group deployments
     * @param shadows the cloud's shadows, which carry thing deployments
     */
    public static GreengrassCloud start(Path dataDir, int port, CertificateAuthority ca, Registry registry, Arns arns, MqttBroker broker,
                                        AccessControl access, JobsService jobs, ShadowService shadows) throws InterruptedException {
        GreengrassCloud g = new GreengrassCloud(dataDir, registry, arns, jobs, shadows);
        try {
            g.server.start(port, ca.issue(CertificateProfile.loopbackServer(Instant.now(), 365)), ca.certificate(), g.service, g.urls,
                    access, (certId, thing) -> registry.certificate(certId).map(c -> c.things().contains(thing)).orElse(false),
                    URL_LIFETIME);
        } catch (RuntimeException | InterruptedException e) {
            g.close();
            throw e;
        }
        broker.addService(new HealthHandler(g.service, g.worker));
        g.delivery.sync();
        LOG.info("Greengrass data plane listening on https://localhost:{}", g.server.port());
        return g;
    }

    public GreengrassService service() {
        return service;
    }

    public DeploymentDelivery delivery() {
        return delivery;
    }

    /** Signs artifact URLs (for tests of expiry and for embedding). */
    public PresignedUrls presignedUrls() {
        return urls;
    }

    /** The data plane's (and credentials provider's) port on 127.0.0.1. */
    public int dataPlanePort() {
        return server.port();
    }

    /** Delivers new deployments and new group members; safe to call often. */
    public void housekeep() {
        delivery.sync();
    }

    @Override
    public void close() {
        server.close();
        worker.shutdown();
    }
}
