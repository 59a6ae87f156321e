package dev.qualify.cloud;

import dev.qualify.cloud.broker.AccessControl;
import dev.qualify.cloud.broker.AuthResult;
import dev.qualify.cloud.broker.Principal;
import dev.qualify.cloud.ca.Pem;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.IotAction;
import dev.qualify.cloud.policy.PolicyContext;
import dev.qualify.cloud.policy.PolicyEvaluator;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.cloud.registry.Registry;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates by the registry (the certificate must be registered and ACTIVE) and authorises with the policies
 * attached to the certificate, on IoT Core ARNs.
 */
public final class RegistryAccessControl implements AccessControl {
    private final Registry registry;
    private final Arns arns;

    public RegistryAccessControl(Registry registry, Arns arns) {
        this.registry = registry;
        this.arns = arns;
    }

    @Override
    public AuthResult authenticate(X509Certificate certificate, String clientId) {
        if (certificate == null) return AuthResult.refused("no client certificate");
        String id = Pem.certificateId(certificate);
        // a change another process made a moment ago (qualify cloud thing create, cert revoke) is in force now
        registry.refreshIfStale();
        Optional<CertificateRecord> rec = registry.certificate(id);
        if (rec.isEmpty()) {
            // registered a moment ago by another process (qualify cloud thing create): pick it up now (and look again
            // even when this refresh found nothing new: the housekeeping thread may have loaded it meanwhile)
            registry.refresh();
            rec = registry.certificate(id);
        }
        if (rec.isEmpty()) return AuthResult.refused("unknown certificate " + id);
        CertificateRecord c = rec.get();
        if (c.status() != CertificateStatus.ACTIVE) {
            return AuthResult.refused("certificate " + id + " is " + c.status());
        }
        List<String> things = c.things();
        String thing = null;
        if (things.size() == 1) thing = things.get(0);
        else if (clientId != null && things.contains(clientId)) thing = clientId;
        return AuthResult.accepted(new Principal(clientId, id, thing));
    }

    @Override
    public boolean isAllowed(Principal p, IotAction action, String name) {
        if (p.anonymous()) return true;
        String arn = switch (action) {
            case CONNECT -> arns.client(name);
            case PUBLISH, RECEIVE -> arns.topic(name);
            case SUBSCRIBE -> arns.topicFilter(name);
        };
        boolean allowed = PolicyEvaluator.isAllowed(registry.policiesOf(p.certificateId()), action, arn,
                new PolicyContext(p.clientId(), p.thingName()));
        if (!allowed && action == IotAction.CONNECT) {
            registry.refresh();
            // a policy attached a moment ago by another process: decide on what is on disk now
            return PolicyEvaluator.isAllowed(registry.policiesOf(p.certificateId()), action, arn,
                    new PolicyContext(p.clientId(), p.thingName()));
        }
        return allowed;
    }

    @Override
    public long generation() {
        return registry.generation();
    }

    @Override
    public boolean isActive(String certificateId) {
        return registry.certificate(certificateId).map(c -> c.status() == CertificateStatus.ACTIVE).orElse(false);
    }
}
