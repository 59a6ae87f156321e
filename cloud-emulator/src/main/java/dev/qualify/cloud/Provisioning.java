package dev.qualify.cloud;

import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.DefaultPolicies;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.cloud.registry.Registry;

import java.time.Instant;
import java.util.Map;

/** Registers things with certificates and the default policy; shared by the in-process cloud and the CLI. */
public final class Provisioning {
    private final CertificateAuthority ca;
    private final Registry registry;
    private final Arns arns;

    public Provisioning(CertificateAuthority ca, Registry registry, Arns arns) {
        this.ca = ca;
        this.registry = registry;
        this.arns = arns;
    }

    /** Creates the thing (if new), a key and an ACTIVE certificate attached to it, and the default policy. */
    public IssuedCertificate provisionThing(String thingName) {
        registry.createThing(thingName, Map.of());
        IssuedCertificate cert = ca.issue(CertificateProfile.client(thingName, Instant.now(), 365));
        registry.registerCertificate(cert.id(), cert.certificatePem(), CertificateStatus.ACTIVE);
        registry.attachThing(cert.id(), thingName);
        String policy = DefaultPolicies.nameFor(thingName);
        registry.putPolicy(policy, DefaultPolicies.documentFor(thingName, arns));
        registry.attachPolicy(policy, cert.id());
        return cert;
    }

    /** Issues an ACTIVE certificate from a CSR and attaches it to a thing with the default policy. */
    public IssuedCertificate provisionFromCsr(String thingName, String csrPem) {
        registry.createThing(thingName, Map.of());
        IssuedCertificate cert = ca.issueFromCsr(csrPem, Instant.now(), 365);
        registry.registerCertificate(cert.id(), cert.certificatePem(), CertificateStatus.ACTIVE);
        registry.attachThing(cert.id(), thingName);
        String policy = DefaultPolicies.nameFor(thingName);
        registry.putPolicy(policy, DefaultPolicies.documentFor(thingName, arns));
        registry.attachPolicy(policy, cert.id());
        return cert;
    }
}
