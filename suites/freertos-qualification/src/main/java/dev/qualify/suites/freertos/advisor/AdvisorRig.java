package dev.qualify.suites.freertos.advisor;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.advisor.AdvisorEndpoint;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DevicePolicies;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.broker.Message;
import dev.qualify.cloud.fault.ClientFaults;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What FullCloudIoT sets up for one device on the emulated cloud: its thing and credentials, its own Device Advisor
 * endpoint, and the means to misbehave towards it and to read back what it did. Made by the group's preparation,
 * found again by its tests through the device id, closed (faults cleared) when the group ends.
 */
public final class AdvisorRig implements AutoCloseable {
    private static final Map<String, AdvisorRig> OPEN = new ConcurrentHashMap<>();

    private final String deviceId;
    private final EmulatedCloud cloud;
    private final AdvisorEndpoint endpoint;
    private final DeviceCredentials credentials;
    private final AdvisorSettings settings;

    private AdvisorRig(String deviceId, EmulatedCloud cloud, AdvisorEndpoint endpoint, DeviceCredentials credentials) {
        this.deviceId = deviceId;
        this.cloud = cloud;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.settings = AdvisorSettings.defaults(credentials.thingName());
    }

    /**
     * Provisions the device's thing and opens its endpoint.
     *
     * @throws IllegalStateException when the run's cloud is not the emulated one (the checks read its packet log)
     */
    public static AdvisorRig open(String deviceId, Cloud cloud) {
        EmulatedCloud ec = cloud.unwrap(EmulatedCloud.class).orElseThrow(() -> new IllegalStateException(
                "FullCloudIoT judges the device's packets on the emulated cloud, but this run's cloud is of type '"
                        + cloud.type() + "': run it with the emulated cloud (cloud.type: emulated, the default)"));
        String thing = "qualify-da-" + deviceId.replaceAll("[^A-Za-z0-9_-]", "-");
        DeviceCredentials creds = ec.provisionThing(thing);
        AdvisorRig rig = new AdvisorRig(deviceId, ec, AdvisorEndpoint.open(ec, "advisor-" + deviceId), creds);
        OPEN.put(deviceId, rig);
        return rig;
    }

    /** The rig the preparation opened for this device. */
    public static AdvisorRig of(String deviceId) {
        AdvisorRig r = OPEN.get(deviceId);
        if (r == null) throw new IllegalStateException("no Device Advisor endpoint was opened for " + deviceId);
        return r;
    }

    public String clientId() {
        return credentials.thingName();
    }

    public DeviceCredentials credentials() {
        return credentials;
    }

    public AdvisorEndpoint endpoint() {
        return endpoint;
    }

    /** The cases' settings, with the policies attached to the device's certificate as the registry holds them now. */
    public AdvisorSettings settings() {
        return settings.withPolicies(DevicePolicies.ofThing(cloud.registry(), cloud.arns(), credentials.thingName()));
    }

    public EmulatedCloud cloud() {
        return cloud;
    }

    /** The broker's script of misbehaviour towards the device. */
    public ClientFaults faults() {
        return cloud.faults().forClient(clientId());
    }

    public boolean connected() {
        return cloud.broker().connectedClients().stream().anyMatch(c -> c.clientId().equals(clientId()));
    }

    /** How long the device's current connection has been up, in ms (-1 when it is not connected). */
    public long connectedForMs() {
        return cloud.broker().connectedClients().stream().filter(c -> c.clientId().equals(clientId()))
                .mapToLong(c -> java.time.Duration.between(c.connectedAt(), java.time.Instant.now()).toMillis()).max().orElse(-1);
    }

    /** Drops the device's connection (it will reconnect). */
    public void disconnect() {
        cloud.broker().disconnect(clientId());
    }

    /**
     * Takes the device offline long enough to act on its stored session: its next CONNECT's CONNACK is withheld,
     * its connection dropped; returns once the broker has let go of it.
     */
    public void holdOffline(Duration wait) throws InterruptedException {
        faults().withholdConnack(1);
        disconnect();
        long end = System.nanoTime() + wait.toNanos();
        while (connected() && System.nanoTime() < end) Thread.sleep(10);
    }

    /** Publishes a message to the device's trigger topic (or any topic) from the cloud. */
    public void publish(String topic, byte[] payload, int qos) {
        cloud.broker().publish(Message.internal(topic, payload, qos));
    }

    /** What the device did since {@code sinceNanos} (monotonic), on any listener. */
    public Evidence evidence(long sinceNanos) {
        return evidence(sinceNanos, Long.MAX_VALUE);
    }

    /** What the device did from {@code sinceNanos} up to {@code untilNanos} (monotonic, inclusive), on any listener. */
    public Evidence evidence(long sinceNanos, long untilNanos) {
        var log = cloud.packetLog();
        return Evidence.of(clientId(), endpoint.listener(),
                log.packets(p -> p.nanos() >= sinceNanos && p.nanos() <= untilNanos),
                log.connectionEvents().stream().filter(e -> e.nanos() >= sinceNanos && e.nanos() <= untilNanos).toList(),
                log.clientHellos().stream().filter(h -> h.nanos() >= sinceNanos && h.nanos() <= untilNanos).toList());
    }

    @Override
    public void close() {
        OPEN.remove(deviceId, this);
        faults().clear();
        endpoint.serveGood();
    }
}
