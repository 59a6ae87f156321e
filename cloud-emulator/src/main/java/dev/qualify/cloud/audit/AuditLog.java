package dev.qualify.cloud.audit;

import dev.qualify.cloud.broker.BrokerListener;
import dev.qualify.cloud.broker.ClientInfo;
import dev.qualify.cloud.broker.ConnectRefusal;
import dev.qualify.cloud.policy.PolicyDocument;
import dev.qualify.cloud.policy.PolicyEvaluator;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.cloud.registry.PolicyRecord;
import dev.qualify.cloud.registry.Registry;
import dev.qualify.api.cloud.AuditFinding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device-Defender-style audit: a certificate used by two client ids at once, a revoked certificate trying to
 * connect, a policy that allows {@code *} actions or resources. Also keeps every refused connect with its reason.
 * Thread-safe.
 */
public final class AuditLog implements BrokerListener {
    private final Registry registry;
    private final List<AuditFinding> findings = new ArrayList<>();
    private final List<ConnectRefusal> refusals = new ArrayList<>();
    private final Map<String, ClientInfo> connected = new ConcurrentHashMap<>();
    /** certificate id -> connection id -> client id, for connections open now */
    private final Map<String, Map<String, String>> byCertificate = new ConcurrentHashMap<>();
    private final Set<String> reportedShared = ConcurrentHashMap.newKeySet();
    private final Set<String> reportedPolicies = ConcurrentHashMap.newKeySet();

    public AuditLog(Registry registry) {
        this.registry = registry;
    }

    public synchronized List<AuditFinding> findings() {
        return List.copyOf(findings);
    }

    /** Refused connects and failed TLS handshakes, oldest first. */
    public synchronized List<ConnectRefusal> refusals() {
        return List.copyOf(refusals);
    }

    private synchronized void add(AuditFinding f) {
        findings.add(f);
    }

    @Override
    public void connectRefused(ConnectRefusal r) {
        synchronized (this) {
            refusals.add(r);
        }
        if (r.certificateId() != null && registry.certificate(r.certificateId())
                .map(c -> c.status() == CertificateStatus.REVOKED).orElse(false)) {
            add(new AuditFinding(AuditChecks.REVOKED_CERTIFICATE_CONNECT, r.certificateId(),
                    "Client " + r.clientId() + " from " + r.remoteAddress() + " tried to connect with revoked certificate "
                            + r.certificateId() + "; replace the device's credentials.", r.at()));
        }
    }

    /** Reports a certificate once, the first time two different client ids use it at the same time. */
    @Override
    public void clientConnected(ClientInfo client) {
        connected.put(client.connectionId(), client);
        if (client.certificateId() == null) return;
        Map<String, String> users = byCertificate.computeIfAbsent(client.certificateId(), k -> new ConcurrentHashMap<>());
        users.put(client.connectionId(), client.clientId());
        if (reportedShared.contains(client.certificateId())) return;
        for (String otherClientId : users.values()) {
            if (!otherClientId.equals(client.clientId()) && reportedShared.add(client.certificateId())) {
                add(new AuditFinding(AuditChecks.DEVICE_CERTIFICATE_SHARED, client.certificateId(),
                        "Certificate " + client.certificateId() + " is used at the same time by client ids " + otherClientId
                                + " and " + client.clientId() + "; give each device its own certificate.", Instant.now()));
                break;
            }
        }
    }

    @Override
    public void clientDisconnected(ClientInfo client, String reason) {
        connected.remove(client.connectionId());
        if (client.certificateId() == null) return;
        byCertificate.computeIfPresent(client.certificateId(), (k, m) -> {
            m.remove(client.connectionId());
            return m.isEmpty() ? null : m;
        });
    }

    /** Checks policies not checked yet (call after registry changes). */
    public void checkPolicies() {
        for (PolicyRecord p : registry.policies()) {
            String key = p.name() + "\n" + p.document();
            if (!reportedPolicies.add(key)) continue;
            try {
                if (PolicyEvaluator.isOverlyPermissive(PolicyDocument.parse(p.name(), p.document()))) {
                    add(new AuditFinding(AuditChecks.OVERLY_PERMISSIVE_POLICY, p.name(),
                            "Policy " + p.name() + " allows '*' actions or all resources of a kind; scope it to the thing's "
                                    + "client id and topics.", Instant.now()));
                }
            } catch (IllegalArgumentException e) {
                // invalid policies are refused when stored; one from another tool is ignored here
            }
        }
    }
}
