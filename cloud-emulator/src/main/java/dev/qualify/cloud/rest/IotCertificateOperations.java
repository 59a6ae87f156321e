package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.ca.Pem;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.CertificateStatus;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * IoT certificates: CreateKeysAndCertificate (a key pair and a certificate from the cloud's CA; the private key
 * is in the answer only, never stored), DescribeCertificate, UpdateCertificate (ACTIVE, INACTIVE, REVOKED) and
 * DeleteCertificate (only when not ACTIVE and attached to no thing; attached policies need {@code forceDelete}).
 */
public final class IotCertificateOperations implements RestService {
    private final IotContext iot;

    public IotCertificateOperations(IotContext iot) {
        this.iot = iot;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/keys-and-certificate", "CreateKeysAndCertificate", this::createKeysAndCertificate),
                new RestRoute("GET", "/certificates/{certificateId}", "DescribeCertificate", this::describe),
                new RestRoute("PUT", "/certificates/{certificateId}", "UpdateCertificate", this::update),
                new RestRoute("DELETE", "/certificates/{certificateId}", "DeleteCertificate", this::delete));
    }

    private RestResponse createKeysAndCertificate(RestCall call) {
        boolean active = call.queryParam("setAsActive").map(Boolean::parseBoolean).orElse(false);
        IssuedCertificate cert = iot.ca().issue(CertificateProfile.client("AWS IoT Certificate", Instant.now(), 365));
        iot.registry().registerCertificate(cert.id(), cert.certificatePem(), active ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE);
        ObjectNode out = RestResponse.object().put("certificateArn", iot.certificateArn(cert.id())).put("certificateId", cert.id())
                .put("certificatePem", cert.certificatePem());
        out.putObject("keyPair").put("PublicKey", Pem.encode(cert.certificate().getPublicKey())).put("PrivateKey", cert.privateKeyPem());
        return RestResponse.ok(out);
    }

    private RestResponse describe(RestCall call) {
        CertificateRecord c = iot.certificate(call.path("certificateId"));
        X509Certificate x = Pem.certificate(c.pem());
        ObjectNode out = RestResponse.object();
        ObjectNode d = out.putObject("certificateDescription")
                .put("certificateArn", iot.certificateArn(c.id())).put("certificateId", c.id())
                .put("caCertificateId", Pem.certificateId(iot.ca().certificate()))
                .put("status", c.status().name()).put("certificatePem", c.pem()).put("ownedBy", iot.arns().account())
                .put("creationDate", IotContext.seconds(c.createdAtMillis())).put("lastModifiedDate", IotContext.seconds(c.createdAtMillis()))
                .put("customerVersion", 1).put("certificateMode", "DEFAULT");
        d.putObject("validity").put("notBefore", IotContext.seconds(x.getNotBefore().getTime()))
                .put("notAfter", IotContext.seconds(x.getNotAfter().getTime()));
        return RestResponse.ok(out);
    }

    private RestResponse update(RestCall call) {
        CertificateRecord c = iot.certificate(call.path("certificateId"));
        String s = call.queryParam("newStatus").orElseThrow(() -> RestException.invalidRequest("newStatus is required"));
        CertificateStatus status;
        try {
            status = CertificateStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw RestException.invalidRequest("newStatus " + s + " is not one of ACTIVE, INACTIVE, REVOKED");
        }
        if (c.status() == CertificateStatus.REVOKED && status != CertificateStatus.REVOKED) {
            throw new RestException(406, "CertificateStateException", "certificate " + c.id() + " is REVOKED: it cannot become " + status);
        }
        iot.run(() -> iot.registry().setStatus(c.id(), status));
        return RestResponse.empty();
    }

    private RestResponse delete(RestCall call) {
        CertificateRecord c = iot.certificate(call.path("certificateId"));
        boolean force = call.queryParam("forceDelete").map(Boolean::parseBoolean).orElse(false);
        if (c.status() == CertificateStatus.ACTIVE) {
            throw new RestException(406, "CertificateStateException", "certificate " + c.id() + " is ACTIVE: deactivate it before deleting it");
        }
        if (!c.things().isEmpty()) {
            throw RestException.deleteConflict("certificate " + c.id() + " is still attached to thing(s) " + c.things());
        }
        if (!c.policies().isEmpty() && !force) {
            throw RestException.deleteConflict("certificate " + c.id() + " still has policies attached " + c.policies() + " (detach them or use forceDelete)");
        }
        iot.run(() -> iot.registry().deleteCertificate(c.id()));
        return RestResponse.empty();
    }
}
