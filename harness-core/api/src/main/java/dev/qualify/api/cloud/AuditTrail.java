package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.util.List;

/**
 * What a cloud noticed about the devices' security so far; reach it with {@code cloud.unwrap(AuditTrail.class)}.
 * The emulated cloud has one; an external broker usually has none.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface AuditTrail {

    /** Audit findings so far (shared certificates, revoked certificates trying to connect, broad policies). */
    List<AuditFinding> auditFindings();
}
