package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.time.Instant;

/**
 * One Device-Defender-style audit finding.
 *
 * @param check    the check's id, e.g. {@code DEVICE_CERTIFICATE_SHARED}, {@code REVOKED_CERTIFICATE_CONNECT},
 *                 {@code OVERLY_PERMISSIVE_POLICY}
 * @param subject  what it is about: a client id, certificate id or policy name
 * @param detail   a sentence a person can act on
 * @param at       when it was seen
 */
@API(status = API.Status.STABLE, since = "0.1")
public record AuditFinding(String check, String subject, String detail, Instant at) {
}
