package dev.qualify.cloud.registry;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A registered device certificate.
 *
 * @param id       IoT-Core-style id: hex SHA-256 of the DER encoding
 * @param pem      the certificate (public; never a key)
 * @param status   whether it may connect
 * @param things   things it is attached to
 * @param policies names of the policies attached to it
 */
public record CertificateRecord(String id, String pem, CertificateStatus status, List<String> things,
                                List<String> policies, long createdAtMillis) {
    public CertificateRecord {
        things = List.copyOf(new TreeSet<>(things));
        policies = List.copyOf(new TreeSet<>(policies));
    }

    public CertificateRecord withStatus(CertificateStatus s) {
        return new CertificateRecord(id, pem, s, things, policies, createdAtMillis);
    }

    public CertificateRecord withThing(String thing) {
        SortedSet<String> t = new TreeSet<>(things);
        t.add(thing);
        return new CertificateRecord(id, pem, status, List.copyOf(t), policies, createdAtMillis);
    }

    public CertificateRecord withPolicy(String policy) {
        SortedSet<String> p = new TreeSet<>(policies);
        p.add(policy);
        return new CertificateRecord(id, pem, status, things, List.copyOf(p), createdAtMillis);
    }

    public CertificateRecord withoutPolicy(String policy) {
        SortedSet<String> p = new TreeSet<>(policies);
        p.remove(policy);
        return new CertificateRecord(id, pem, status, things, List.copyOf(p), createdAtMillis);
    }

    public CertificateRecord withoutThing(String thing) {
        SortedSet<String> t = new TreeSet<>(things);
        t.remove(thing);
        return new CertificateRecord(id, pem, status, List.copyOf(t), policies, createdAtMillis);
    }
}
