package dev.qualify.cloud;

import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.DefaultPolicies;
import dev.qualify.cloud.registry.Registry;

import java.time.Instant;

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

    /** Creates the thing (if new), a key and an ACTIVE certificate attached to it, and the default policy, in one registry write. */
    public IssuedCertificate provisionThing(String thingName) {
        IssuedCertificate cert = ca.issue(CertificateProfile.client(thingName, Instant.now(), 365));
        registry.provision(thingName, cert.id(), cert.certificatePem(), DefaultPolicies.nameFor(thingName),
                DefaultPolicies.documentFor(thingName, arns));
        return cert;
    }

    /** Issues an ACTIVE certificate from a CSR and attaches it to a thing with the default policy. */
    public IssuedCertificate provisionFromCsr(String thingName, String csrPem) {
        if (thingName == null || !thingName.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new IllegalArgumentException("invalid thing name (1-128 of a-z A-Z 0-9 : _ -): " + thingName);
        }
        IssuedCertificate cert = ca.issueFromCsr(csrPem, Instant.now(), 365);
        registry.provision(thingName, cert.id(), cert.certificatePem(), DefaultPolicies.nameFor(thingName),
                DefaultPolicies.documentFor(thingName, arns));
        return cert;
    }
}
