package dev.qualify.testkit;

import dev.qualify.api.cloud.AuditFinding;
import dev.qualify.api.cloud.AuditTrail;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link Cloud} without a network: a registry of provisioned things with placeholder credentials, programmable
 * audit findings ({@link AuditTrail}, reached with {@code cloud.unwrap(AuditTrail.class)}) and capabilities. For tests of groups that only need to provision things or to skip checks a
 * cloud cannot do; nothing can connect to its {@link #mqttEndpoint()}.
 *
 * <p>To test against the real emulated broker (MQTT over mutual TLS on an ephemeral loopback port), start it in the
 * test with {@code new dev.qualify.cloud.EmulatedCloudProvider().start(Map.of(), dir)} from the
 * {@code cloud-emulator} artifact (test scope), or hand the provider to
 * {@link GroupTestKit#cloud(dev.qualify.api.cloud.CloudProvider, Map)}. The test kit itself does not depend on it:
 * the emulator's own tests use the kit.
 *
 * <p>Re-provisioning a thing issues new credentials. After {@link #close()} every call but {@code close} throws a
 * {@link CloudException}. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InMemoryCloud implements Cloud, AuditTrail {
    /** The {@link #type()} of every in-memory cloud. */
    public static final String TYPE = "in-memory";

    private final Endpoint endpoint;
    private final Set<CloudCapability> capabilities;
    private final Map<String, DeviceCredentials> things = new LinkedHashMap<>();
    private final List<AuditFinding> findings = new ArrayList<>();
    private volatile boolean closed;

    /** A cloud with no capabilities beyond provisioning, claiming {@code 127.0.0.1:8883}. */
    public InMemoryCloud() {
        this(new Endpoint("127.0.0.1", 8883), Set.of());
    }

    public InMemoryCloud(Endpoint endpoint, Set<CloudCapability> capabilities) {
        this.endpoint = endpoint;
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Endpoint mqttEndpoint() {
        open();
        return endpoint;
    }

    @Override
    public Set<CloudCapability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized DeviceCredentials provisionThing(String thingName) {
        open();
        if (thingName == null || thingName.isBlank()) throw new CloudException("a thing needs a name");
        String serial = UUID.randomUUID().toString();
        DeviceCredentials c = new DeviceCredentials(thingName,
                pem("CERTIFICATE", "in-memory certificate of " + thingName + " " + serial),
                pem("PRIVATE KEY", "in-memory key of " + thingName + " " + serial),
                pem("CERTIFICATE", "in-memory root CA"), endpoint);
        things.put(thingName, c);
        return c;
    }

    /** The names of the things provisioned so far, in order of first provisioning. */
    public synchronized List<String> things() {
        return List.copyOf(things.keySet());
    }

    /** The credentials last issued to {@code thingName}, or null. */
    public synchronized DeviceCredentials credentials(String thingName) {
        return things.get(thingName);
    }

    /** Adds a finding that {@link #auditFindings()} reports from now on. */
    public synchronized InMemoryCloud addFinding(String check, String subject, String detail) {
        findings.add(new AuditFinding(check, subject, detail, Instant.now()));
        return this;
    }

    @Override
    public synchronized List<AuditFinding> auditFindings() {
        open();
        return List.copyOf(findings);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void open() {
        if (closed) throw new CloudException("the in-memory cloud is closed");
    }

    private static String pem(String kind, String body) {
        String b64 = java.util.Base64.getEncoder().encodeToString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "-----BEGIN " + kind + "-----\n" + b64 + "\n-----END " + kind + "-----\n";
    }
}
