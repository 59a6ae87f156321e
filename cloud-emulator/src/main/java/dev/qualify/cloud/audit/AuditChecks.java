package dev.qualify.cloud.audit;

/** Ids of the audit checks, as reported in {@link dev.qualify.api.cloud.AuditFinding#check()}. */
public final class AuditChecks {
    public static final String DEVICE_CERTIFICATE_SHARED = "DEVICE_CERTIFICATE_SHARED";
    public static final String REVOKED_CERTIFICATE_CONNECT = "REVOKED_CERTIFICATE_CONNECT";
    public static final String OVERLY_PERMISSIVE_POLICY = "OVERLY_PERMISSIVE_POLICY";

    private AuditChecks() {
    }
}
