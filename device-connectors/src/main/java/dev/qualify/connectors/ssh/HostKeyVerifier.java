package dev.qualify.connectors.ssh;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the host key of one {@link SshEndpoint} against its {@link HostKeyPolicy}, never prompting: a known_hosts
 * file (OpenSSH format, hashed names, {@code [host]:port} and {@code @revoked} markers), pinned fingerprints, or,
 * when explicitly configured, nothing at all (logged as a warning on every connect).
 *
 * <p>The check is made for the endpoint's configured host and port, not for the socket address, so a device
 * reached through a jump host's tunnel is still checked under its own name. When the key is refused,
 * {@link #rejection()} says why, with the fingerprint shown by the server.
 *
 * <p>known_hosts entries without a port ({@code host key-type key}, as IDT writes them) are used for other ports
 * too when no entry names the port: such an entry can only accept the key it lists.
 */
final class HostKeyVerifier implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyVerifier.class);

    private final SshEndpoint endpoint;
    private volatile HostKeyRejection rejection;

    HostKeyVerifier(SshEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Why the last presented key was refused; null when none was. */
    HostKeyRejection rejection() {
        return rejection;
    }

    /**
     * The key types known_hosts lists for this endpoint (e.g. {@code ssh-ed25519}), so the client can ask the server
     * for a key of a type that can be verified; empty for pinned fingerprints or when none are listed.
     */
    List<String> knownKeyTypes() {
        Path file = endpoint.hostKeys().knownHosts();
        if (file == null || !Files.exists(file)) return List.of();
        try {
            List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
            List<Candidate> candidates = candidates(entries, endpoint.port());
            if (candidates.isEmpty() && endpoint.port() != 22) candidates = candidates(entries, 22);
            List<String> types = new ArrayList<>();
            for (Candidate c : candidates) {
                String t = KeyUtils.getKeyType(c.key);
                if (c.entry.getMarker() == null && t != null && !types.contains(t)) types.add(t);
            }
            return types;
        } catch (Exception e) {
            return List.of(); // reported when the key is checked
        }
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey key) {
        rejection = null;
        HostKeyPolicy policy = endpoint.hostKeys();
        String type = KeyUtils.getKeyType(key);
        String fingerprint = KeyUtils.getFingerPrint(key);
        if (policy.acceptAny()) {
            LOG.warn("SECURITY WARNING: the host key of {} ({} {}) was accepted WITHOUT VERIFICATION because "
                    + "acceptAnyHostKey is true. Anyone on the network path can impersonate this device. Pin it with "
                    + "hostKeyFingerprint: {}", endpoint.display(), type, fingerprint, fingerprint);
            return true;
        }
        if (!policy.fingerprints().isEmpty()) {
            for (String pinned : policy.fingerprints()) {
                if (fingerprintMatches(pinned, key)) return true;
            }
            return refuse(HostKeyRejection.Kind.CHANGED, fingerprint, "host key of " + endpoint.display()
                    + " does not match the pinned fingerprint: the server shows " + type + " " + fingerprint
                    + " but hostKeyFingerprint is " + String.join(", ", policy.fingerprints())
                    + ". If the device was re-imaged, check its key on the console (ssh-keygen -lf "
                    + "/etc/ssh/ssh_host_*_key.pub) and update hostKeyFingerprint; otherwise someone may be intercepting"
                    + " the connection.");
        }
        return checkKnownHosts(policy.knownHosts(), key, type, fingerprint);
    }

    private boolean checkKnownHosts(Path file, PublicKey key, String type, String fingerprint) {
        List<KnownHostEntry> entries;
        boolean missing = !Files.exists(file);
        try {
            entries = missing ? List.of() : KnownHostEntry.readKnownHostEntries(file);
        } catch (Exception e) {
            return refuse(HostKeyRejection.Kind.UNKNOWN, fingerprint, "cannot read known_hosts file " + file + ": "
                    + e.getMessage() + "; the host key of " + endpoint.display() + " (" + type + " " + fingerprint
                    + ") cannot be verified");
        }
        List<Candidate> exact = candidates(entries, endpoint.port());
        List<Candidate> candidates = exact;
        if (candidates.isEmpty() && endpoint.port() != 22) candidates = candidates(entries, 22);
        for (Candidate c : candidates) {
            if ("revoked".equalsIgnoreCase(c.entry.getMarker()) && KeyUtils.compareKeys(c.key, key)) {
                return refuse(HostKeyRejection.Kind.REVOKED, fingerprint, "host key " + type + " " + fingerprint + " of "
                        + endpoint.display() + " is marked @revoked in " + file);
            }
        }
        List<String> expected = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.entry.getMarker() != null) continue;
            if (KeyUtils.compareKeys(c.key, key)) return true;
            expected.add(KeyUtils.getKeyType(c.key) + " " + KeyUtils.getFingerPrint(c.key));
        }
        if (!exact.isEmpty() && !expected.isEmpty()) {
            return refuse(HostKeyRejection.Kind.CHANGED, fingerprint, "HOST KEY CHANGED for " + endpoint.display()
                    + ": the server shows " + type + " " + fingerprint + " but " + file + " expects " + String.join(", ", expected)
                    + ". If the device was re-imaged, check its key on the console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)"
                    + " and replace the entry (ssh-keygen -R '" + hostPattern() + "' -f " + file
                    + "); otherwise someone may be intercepting the connection.");
        }
        String line;
        try {
            line = hostPattern() + " " + PublicKeyEntry.toString(key);
        } catch (IllegalArgumentException e) {
            line = hostPattern() + " " + type + " <key>";
        }
        return refuse(HostKeyRejection.Kind.UNKNOWN, fingerprint, "host key of " + endpoint.display() + " is unknown: "
                + "the server shows " + type + " " + fingerprint + ", and " + (missing ? "the known_hosts file " + file
                + " does not exist" : file + " has no entry for it") + ". Check the fingerprint on the device's console "
                + "(ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub); if it matches, add this line to " + file + ":\n  "
                + line + "\nor set hostKeyFingerprint: " + fingerprint);
    }

    private List<Candidate> candidates(List<KnownHostEntry> entries, int port) {
        List<Candidate> out = new ArrayList<>();
        for (KnownHostEntry e : entries) {
            if ("cert-authority".equalsIgnoreCase(e.getMarker())) continue;
            if (!e.isHostMatch(endpoint.host(), port)) continue;
            try {
                PublicKey k = e.getKeyEntry() == null ? null : e.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (k != null) out.add(new Candidate(e, k));
            } catch (Exception ex) {
                LOG.debug("ignoring unreadable known_hosts entry {}: {}", e, ex.getMessage());
            }
        }
        return out;
    }

    private String hostPattern() {
        return endpoint.port() == 22 ? endpoint.host() : "[" + endpoint.host() + "]:" + endpoint.port();
    }

    private boolean refuse(HostKeyRejection.Kind kind, String fingerprint, String message) {
        rejection = new HostKeyRejection(kind, fingerprint, message);
        LOG.warn("refused host key: {}", message);
        return false;
    }

    static boolean fingerprintMatches(String pinned, PublicKey key) {
        String p = pinned.trim();
        if (p.regionMatches(true, 0, "MD5:", 0, 4)) {
            return p.equalsIgnoreCase(KeyUtils.getFingerPrint(BuiltinDigests.md5, key));
        }
        String actual = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        return stripPadding(p).equals(stripPadding(actual));
    }

    private static String stripPadding(String s) {
        return s.endsWith("=") ? s.substring(0, s.length() - 1) : s;
    }

    private record Candidate(KnownHostEntry entry, PublicKey key) {
    }
}
