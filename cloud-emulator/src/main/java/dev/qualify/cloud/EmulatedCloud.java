package dev.qualify.cloud;

import dev.qualify.cloud.audit.AuditLog;
import dev.qualify.cloud.broker.BrokerConfig;
import dev.qualify.cloud.broker.ConnectRefusal;
import dev.qualify.cloud.broker.MqttBroker;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.capture.PacketLog;
import dev.qualify.cloud.fault.BadServerCertificate;
import dev.qualify.cloud.fault.FaultInjector;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.Registry;
import dev.qualify.api.cloud.AuditFinding;
import dev.qualify.api.cloud.AuditTrail;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The emulated IoT cloud: a CA, a registry of things, certificates and policies, an MQTT broker with mutual TLS,
 * device shadows and jobs, packet capture, fault injection and audit findings, all on 127.0.0.1.
 *
 * <p>Suites reach the richer API with {@code cloud.unwrap(EmulatedCloud.class)}. Thread-safe; {@link #close()}
 * is idempotent.
 */
public final class EmulatedCloud implements Cloud, AuditTrail {
    public static final String TYPE = "emulated";
    /** What every emulated cloud offers ({@link #capabilities()}). */
    public static final Set<CloudCapability> CAPABILITIES = java.util.Collections.unmodifiableSet(EnumSet.of(
            CloudCapability.SHADOW, CloudCapability.JOBS, CloudCapability.FAULT_INJECTION, CloudCapability.AUDIT,
            CloudCapability.PACKET_CAPTURE, CloudCapability.EMULATOR));
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedCloud.class);

    private final EmulatedCloudConfig config;
    private final CertificateAuthority ca;
    private final Registry registry;
    private final Arns arns = Arns.DEFAULT;
    private final Provisioning provisioning;
    private final MqttBroker broker;
    private final PacketLog packetLog;
    private final FaultInjector faults = new FaultInjector();
    private final AuditLog audit;
    private final CloudServices services;
    private final ScheduledExecutorService housekeeping;
    private final Map<BadServerCertificate, Endpoint> badListeners = new ConcurrentHashMap<>();
    private volatile dev.qualify.cloud.rest.ControlPlane controlPlane;
    private volatile dev.qualify.cloud.greengrass.GreengrassCloud greengrass;
    private volatile boolean closed;
    private final dev.qualify.cloud.ota.OtaService ota;

    private EmulatedCloud(EmulatedCloudConfig config) throws Exception {
        this.config = config;
        Files.createDirectories(config.dataDir());
        this.ca = DataDir.certificateAuthority(config.dataDir(), config.caCertificate(), config.caKey());
        this.registry = Registry.open(config.dataDir());
        this.provisioning = new Provisioning(ca, registry, arns);
        IssuedCertificate server = ca.issue(CertificateProfile.loopbackServer(Instant.now(), 365));
        SslContext tls = TlsContexts.mutualTlsServer(server, ca.certificate());
        this.packetLog = config.capture() ? new PacketLog(config.captureLimit()) : null;
        this.broker = new MqttBroker(new BrokerConfig("127.0.0.1", config.port(), config.plainPort(), config.httpsPort(), tls,
                config.limits(), config.ioThreads(), 10), new RegistryAccessControl(registry, arns), faults, packetLog);
        this.audit = new AuditLog(registry);
        broker.addListener(audit);
        this.services = new CloudServices(broker, config.dataDir());
        dev.qualify.cloud.ota.StreamService streams = new dev.qualify.cloud.ota.StreamService(broker::publish, broker::disconnect);
        broker.addService(streams);
        this.ota = new dev.qualify.cloud.ota.OtaService(services.jobs(), streams, server, broker::disconnect);
        registry.addListener(() -> {
            broker.enforceCertificates();
            audit.checkPolicies();
        });
        audit.checkPolicies();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qualify-cloud-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a cloud: listeners bound, registry loaded, services running.
     *
     * @throws CloudException when it cannot start (port in use, unreadable data dir or CA)
     */
    public static EmulatedCloud start(EmulatedCloudConfig config) {
        EmulatedCloud cloud = null;
        try {
            cloud = new EmulatedCloud(config);
            cloud.broker.start();
            cloud.services.start();
            if (config.controlPort() >= 0) {
                EmulatedCloud c0 = cloud;
                cloud.controlPlane = dev.qualify.cloud.rest.ControlPlane.start(config.dataDir(), config.controlPort(),
                        new dev.qualify.cloud.rest.IotContext(cloud.registry, cloud.ca, cloud.arns), () -> Optional.of(c0.mqttEndpoint()));
            }
            if (config.greengrassPort() >= 0) {
                cloud.greengrass = dev.qualify.cloud.greengrass.GreengrassCloud.start(config.dataDir(), config.greengrassPort(), cloud.ca,
                        cloud.registry, cloud.arns, cloud.broker, new RegistryAccessControl(cloud.registry, cloud.arns), cloud.services.jobs(),
                        cloud.services.shadows());
            }
            if (cloud.controlPlane != null && cloud.greengrass != null) {
                dev.qualify.cloud.rest.GreengrassControlPlane.register(cloud.controlPlane, cloud.greengrass, cloud.arns, cloud.services.jobs());
            }
            EmulatedCloud c = cloud;
            cloud.housekeeping.scheduleWithFixedDelay(c::housekeep, 500, 500, TimeUnit.MILLISECONDS);
            LOG.info("emulated cloud listening on {} (data dir {})", cloud.mqttEndpoint(), config.dataDir());
            return cloud;
        } catch (CloudException e) {
            if (cloud != null) cloud.close();
            throw e;
        } catch (Exception e) {
            if (cloud != null) cloud.close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new CloudException("cannot start the emulated cloud: " + e.getMessage(), e);
        }
    }

    private long housekeepingRounds;

    private void housekeep() {
        try {
            registry.refresh();
            if (greengrass != null) greengrass.housekeep();
            services.persistIfDirty();
            if (++housekeepingRounds % 10 == 0) broker.purgeExpiredMessages();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.toString());
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Endpoint mqttEndpoint() {
        return endpoint(broker.tlsAddress());
    }

    /** Plain MQTT (debugging only), when enabled. */
    public Optional<Endpoint> plainEndpoint() {
        return broker.plainAddress().map(EmulatedCloud::endpoint);
    }

    /** HTTPS publish ({@code POST /topics/...}) and MQTT over WebSocket ({@code wss://.../mqtt}), when enabled. */
    public Optional<Endpoint> httpsEndpoint() {
        return broker.httpsAddress().map(EmulatedCloud::endpoint);
    }

    private static Endpoint endpoint(InetSocketAddress a) {
        return new Endpoint("127.0.0.1", a.getPort());
    }

    @Override
    public Set<CloudCapability> capabilities() {
        return EnumSet.copyOf(CAPABILITIES);
    }

    @Override
    public DeviceCredentials provisionThing(String thingName) {
        try {
            IssuedCertificate cert = provisioning.provisionThing(thingName);
            return new DeviceCredentials(thingName, cert.certificatePem(), cert.privateKeyPem(), ca.certificatePem(), mqttEndpoint());
        } catch (RuntimeException e) {
            throw new CloudException("cannot provision thing " + thingName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<AuditFinding> auditFindings() {
        return audit.findings();
    }

    /** Refused connects and failed TLS handshakes with their reasons, oldest first. */
    public List<ConnectRefusal> connectRefusals() {
        return audit.refusals();
    }

    public Registry registry() {
        return registry;
    }

    public Provisioning provisioning() {
        return provisioning;
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The root CA certificate (PEM) devices must trust. */
    public String rootCaPem() {
        return ca.certificatePem();
    }

    /** The root CA file in the data dir. */
    public Path rootCaFile() {
        return DataDir.caCertificate(config.dataDir());
    }

    public Arns arns() {
        return arns;
    }

    public MqttBroker broker() {
        return broker;
    }

    /** The packet log; throws when capture was turned off. */
    public PacketLog packetLog() {
        if (packetLog == null) throw new IllegalStateException("packet capture is off (capture: false)");
        return packetLog;
    }

    public FaultInjector faults() {
        return faults;
    }

    public dev.qualify.cloud.shadow.ShadowService shadows() {
        return services.shadows();
    }

    public dev.qualify.cloud.jobs.JobsService jobs() {
        return services.jobs();
    }

    /** The IoT REST control plane, when {@code controlPort} enabled it. */
    public Optional<dev.qualify.cloud.rest.ControlPlane> controlPlane() {
        return Optional.ofNullable(controlPlane);
    }

    /**
     * Greengrass V2: the model (components, groups, deployments, core devices, role aliases) and the data plane.
     *
     * @throws IllegalStateException when the cloud runs without it ({@code greengrassPort: -1})
     */
    public dev.qualify.cloud.greengrass.GreengrassCloud greengrass() {
        if (greengrass == null) throw new IllegalStateException("Greengrass is off (greengrassPort: -1)");
        return greengrass;
    }

    /** The Greengrass data plane and credentials endpoint, when enabled. */
    public Optional<Endpoint> greengrassEndpoint() {
        dev.qualify.cloud.greengrass.GreengrassCloud g = greengrass;
        return g == null ? Optional.empty() : Optional.of(new Endpoint("127.0.0.1", g.dataPlanePort()));
    }

    /** OTA updates: MQTT streams and OTA job documents over {@link #jobs()}. */
    public dev.qualify.cloud.ota.OtaService ota() {
        return ota;
    }

    /**
     * Besides the default views, {@link dev.qualify.api.cloud.OtaUpdates}, and {@link dev.qualify.api.cloud.GreengrassCores}
     * when Greengrass is on.
     */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == dev.qualify.api.cloud.OtaUpdates.class) return Optional.of(type.cast(ota));
        if (type == dev.qualify.api.cloud.GreengrassCores.class) {
            dev.qualify.cloud.greengrass.GreengrassCloud g = greengrass;
            return g == null ? Optional.empty() : Optional.of(type.cast(new dev.qualify.cloud.greengrass.EmulatedGreengrassCores(this, g, arns)));
        }
        return Cloud.super.unwrap(type);
    }

    public EmulatedCloudConfig config() {
        return config;
    }

    /**
     * An extra MQTT/TLS listener (same broker, same client authentication) that serves a bad server certificate, for
     * checking that a device refuses it. Opened once per kind; closed with the cloud.
     */
    public Endpoint badCertificateEndpoint(BadServerCertificate kind) {
        return badListeners.computeIfAbsent(kind, k -> {
            IssuedCertificate cert = k.issue(ca, Instant.now());
            try {
                return endpoint(broker.openTlsListener("bad-cert-" + k.name().toLowerCase(java.util.Locale.ROOT),
                        TlsContexts.mutualTlsServer(cert, ca.certificate())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException("interrupted opening a listener", e);
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        housekeeping.shutdownNow();
        if (controlPlane != null) controlPlane.close();
        if (greengrass != null) greengrass.close();
        ota.close();
        broker.close();
        try {
            services.close();
        } catch (RuntimeException e) {
            LOG.warn("could not save cloud state: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmulatedCloud[" + mqttEndpoint() + ", dataDir=" + config.dataDir() + "]";
    }
}
