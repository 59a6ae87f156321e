package dev.qualify.cloud.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qualify.cloud.policy.PolicyDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Things, certificates and policies, kept in {@code registry.json} in a data directory so that they survive a
 * restart and can be changed by another process (the {@code qualify cloud} commands) while a broker runs.
 *
 * <p>Every change takes an exclusive lock (a JVM lock plus a file lock on {@code registry.lock}), re-reads the
 * file, applies the change and writes the file atomically. {@link #refresh()} picks up changes made by other
 * processes; listeners are told about every change, local or external. Thread-safe.
 */
public final class Registry {
    public static final String FILE = "registry.json";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistryState state = RegistryState.empty();
    private volatile Map<String, PolicyDocument> parsedPolicies = Map.of();
    /** The stamp of the file the state was last read from or written to; set after the state (read without the lock). */
    private volatile Object seenStamp;

    private Registry(Path dir) {
        this.file = dir.resolve(FILE);
        this.lockFile = dir.resolve("registry.lock");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
    }

    /** Opens (creating when missing) the registry in a data directory. */
    public static Registry open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + dataDir, e);
        }
        Registry r = new Registry(dataDir);
        r.withLock(() -> {
            r.reloadIfChanged();
            return null;
        });
        return r;
    }

    /** Called after every change of the content, local or picked up by {@link #refresh()}. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Grows with every change; usable as a cache key for policy decisions. */
    public long generation() {
        return state.generation();
    }

    // ---- queries -------------------------------------------------------------------------------------

    public Optional<Thing> thing(String name) {
        return Optional.ofNullable(state.things().get(name));
    }

    public List<Thing> things() {
        return List.copyOf(state.things().values());
    }

    public Optional<CertificateRecord> certificate(String id) {
        return Optional.ofNullable(state.certificates().get(id));
    }

    public List<CertificateRecord> certificates() {
        return List.copyOf(state.certificates().values());
    }

    public List<CertificateRecord> certificatesOfThing(String thing) {
        return state.certificates().values().stream().filter(c -> c.things().contains(thing)).toList();
    }

    public Optional<PolicyRecord> policy(String name) {
        return Optional.ofNullable(state.policies().get(name));
    }

    public List<PolicyRecord> policies() {
        return List.copyOf(state.policies().values());
    }

    /** The parsed policies attached to a certificate (empty when unknown). */
    public List<PolicyDocument> policiesOf(String certificateId) {
        CertificateRecord c = state.certificates().get(certificateId);
        if (c == null) return List.of();
        Map<String, PolicyDocument> parsed = parsedPolicies;
        List<PolicyDocument> out = new ArrayList<>(c.policies().size());
        for (String p : c.policies()) {
            PolicyDocument d = parsed.get(p);
            if (d != null) out.add(d);
        }
        return out;
    }

    // ---- changes -------------------------------------------------------------------------------------

    /** Creates a thing; creating an existing thing returns it unchanged (as IoT Core's CreateThing does). */
    public Thing createThing(String name, Map<String, String> attributes) {
        if (name == null || !name.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new IllegalArgumentException("invalid thing name (1-128 of a-z A-Z 0-9 : _ -): " + name);
        }
        update(s -> {
            if (s.things().containsKey(name)) return s;
            Map<String, Thing> t = new java.util.TreeMap<>(s.things());
            t.put(name, new Thing(name, attributes, System.currentTimeMillis()));
            return new RegistryState(s.generation(), t, s.certificates(), s.policies());
        });
        return state.things().get(name);
    }

    /**
     * Creates the thing (if new), registers an ACTIVE certificate attached to it, and creates (or replaces) a policy
     * attached to the certificate, in one write: another process never sees the certificate without its thing or
     * policy (a broker that did would refuse the device's first connect).
     */
    public CertificateRecord provision(String thing, String certificateId, String pem, String policyName, String policyDocument) {
        if (thing == null || !thing.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new IllegalArgumentException("invalid thing name (1-128 of a-z A-Z 0-9 : _ -): " + thing);
        }
        PolicyDocument.parse(policyName, policyDocument);
        update(s -> {
            long now = System.currentTimeMillis();
            Map<String, Thing> t = new java.util.TreeMap<>(s.things());
            t.putIfAbsent(thing, new Thing(thing, Map.of(), now));
            Map<String, PolicyRecord> p = new java.util.TreeMap<>(s.policies());
            PolicyRecord old = p.get(policyName);
            if (old == null || !old.document().equals(policyDocument)) p.put(policyName, new PolicyRecord(policyName, policyDocument, now));
            Map<String, CertificateRecord> c = new java.util.TreeMap<>(s.certificates());
            CertificateRecord rec = c.getOrDefault(certificateId,
                    new CertificateRecord(certificateId, pem, CertificateStatus.ACTIVE, List.of(), List.of(), now));
            c.put(certificateId, rec.withThing(thing).withPolicy(policyName));
            return new RegistryState(s.generation(), t, c, p);
        });
        return state.certificates().get(certificateId);
    }

    /** Registers a certificate (PEM, no key) with a status; registering a known certificate keeps its record. */
    public CertificateRecord registerCertificate(String id, String pem, CertificateStatus status) {
        update(s -> {
            if (s.certificates().containsKey(id)) return s;
            Map<String, CertificateRecord> c = new java.util.TreeMap<>(s.certificates());
            c.put(id, new CertificateRecord(id, pem, status, List.of(), List.of(), System.currentTimeMillis()));
            return new RegistryState(s.generation(), s.things(), c, s.policies());
        });
        return state.certificates().get(id);
    }

    public void attachThing(String certificateId, String thing) {
        update(s -> {
            if (!s.things().containsKey(thing)) throw new IllegalArgumentException("no such thing: " + thing);
            return withCert(s, certificateId, c -> c.withThing(thing));
        });
    }

    /** Creates or replaces a policy; the document is validated first. */
    public void putPolicy(String name, String document) {
        PolicyDocument.parse(name, document);
        update(s -> {
            PolicyRecord old = s.policies().get(name);
            if (old != null && old.document().equals(document)) return s;
            Map<String, PolicyRecord> p = new java.util.TreeMap<>(s.policies());
            p.put(name, new PolicyRecord(name, document, System.currentTimeMillis()));
            return new RegistryState(s.generation(), s.things(), s.certificates(), p);
        });
    }

    public void attachPolicy(String policyName, String certificateId) {
        update(s -> {
            if (!s.policies().containsKey(policyName)) throw new IllegalArgumentException("no such policy: " + policyName);
            return withCert(s, certificateId, c -> c.withPolicy(policyName));
        });
    }

    public void detachPolicy(String policyName, String certificateId) {
        update(s -> withCert(s, certificateId, c -> c.withoutPolicy(policyName)));
    }

    public void setStatus(String certificateId, CertificateStatus status) {
        update(s -> withCert(s, certificateId, c -> c.withStatus(status)));
    }

    /** Detaches a thing from a certificate; detaching what is not attached changes nothing. */
    public void detachThing(String certificateId, String thing) {
        update(s -> withCert(s, certificateId, c -> c.withoutThing(thing)));
    }

    /**
     * Deletes a thing; deleting an unknown thing changes nothing (as IoT Core's DeleteThing).
     *
     * @throws IllegalStateException when a certificate is still attached to it
     */
    public void deleteThing(String name) {
        update(s -> {
            if (!s.things().containsKey(name)) return s;
            if (s.certificates().values().stream().anyMatch(c -> c.things().contains(name))) {
                throw new IllegalStateException("thing " + name + " is still attached to one or more principals");
            }
            Map<String, Thing> t = new java.util.TreeMap<>(s.things());
            t.remove(name);
            return new RegistryState(s.generation(), t, s.certificates(), s.policies());
        });
    }

    /**
     * Deletes a certificate that is not ACTIVE and attached to no thing; its policy attachments go with it.
     *
     * @throws IllegalArgumentException when it is unknown
     * @throws IllegalStateException    when it is ACTIVE or still attached to a thing
     */
    public void deleteCertificate(String id) {
        update(s -> {
            CertificateRecord c = s.certificates().get(id);
            if (c == null) throw new IllegalArgumentException("no such certificate: " + id);
            if (c.status() == CertificateStatus.ACTIVE) throw new IllegalStateException("certificate " + id + " is ACTIVE: deactivate it first");
            if (!c.things().isEmpty()) throw new IllegalStateException("certificate " + id + " is still attached to " + c.things());
            Map<String, CertificateRecord> m = new java.util.TreeMap<>(s.certificates());
            m.remove(id);
            return new RegistryState(s.generation(), s.things(), m, s.policies());
        });
    }

    /**
     * Deletes a policy attached to no certificate.
     *
     * @throws IllegalArgumentException when it is unknown
     * @throws IllegalStateException    when it is still attached
     */
    public void deletePolicy(String name) {
        update(s -> {
            if (!s.policies().containsKey(name)) throw new IllegalArgumentException("no such policy: " + name);
            if (s.certificates().values().stream().anyMatch(c -> c.policies().contains(name))) {
                throw new IllegalStateException("policy " + name + " is still attached to one or more targets");
            }
            Map<String, PolicyRecord> p = new java.util.TreeMap<>(s.policies());
            p.remove(name);
            return new RegistryState(s.generation(), s.things(), s.certificates(), p);
        });
    }

    /**
     * Re-reads the file when another process changed it.
     *
     * @return true when the content changed
     */
    public boolean refresh() {
        boolean changed = withLock(this::reloadIfChanged);
        if (changed) fire();
        return changed;
    }

    /**
     * {@link #refresh()} only when the file is not the one last read or written (one file stat; the lock and the read
     * only then), so that a change another process has made (a {@code qualify cloud} command that has returned) is
     * in force for the next decision.
     *
     * @return true when the content changed
     */
    public boolean refreshIfStale() {
        try {
            if (!Files.exists(file) || SharedFiles.stamp(file).equals(seenStamp)) return false;
        } catch (IOException e) {
            // replaced while we looked: read it under the lock
        }
        return refresh();
    }

    private static RegistryState withCert(RegistryState s, String id, UnaryOperator<CertificateRecord> f) {
        CertificateRecord c = s.certificates().get(id);
        if (c == null) throw new IllegalArgumentException("no such certificate: " + id);
        CertificateRecord n = f.apply(c);
        if (n.equals(c)) return s;
        Map<String, CertificateRecord> m = new java.util.TreeMap<>(s.certificates());
        m.put(id, n);
        return new RegistryState(s.generation(), s.things(), m, s.policies());
    }

    private void update(UnaryOperator<RegistryState> change) {
        boolean changed = withLock(() -> {
            reloadIfChanged();
            RegistryState before = state;
            RegistryState after = change.apply(before);
            if (after == before) return false;
            after = new RegistryState(before.generation() + 1, after.things(), after.certificates(), after.policies());
            write(after);
            setState(after);
            return true;
        });
        if (changed) fire();
    }

    private void fire() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Registry.class).warn("registry listener failed", e);
            }
        }
    }

    private <T> T withLock(java.util.function.Supplier<T> body) {
        return SharedFiles.withLock(jvmLock, lockFile, this, body);
    }

    private boolean reloadIfChanged() {
        try {
            if (!Files.exists(file)) return false;
            Object stamp = SharedFiles.stamp(file);
            if (stamp.equals(seenStamp)) return false;
            RegistryState read = JSON.readValue(file.toFile(), RegistryState.class);
            if (read.equals(state)) {
                seenStamp = stamp;
                return false;
            }
            setState(read);
            seenStamp = stamp;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void write(RegistryState s) {
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), s);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            seenStamp = SharedFiles.stamp(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void setState(RegistryState s) {
        Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();
        for (PolicyRecord p : s.policies().values()) {
            try {
                parsed.put(p.name(), PolicyDocument.parse(p.name(), p.document()));
            } catch (IllegalArgumentException e) {
                org.slf4j.LoggerFactory.getLogger(Registry.class).warn("ignoring invalid policy {}: {}", p.name(), e.getMessage());
            }
        }
        parsedPolicies = parsed;
        state = s;
    }
}
