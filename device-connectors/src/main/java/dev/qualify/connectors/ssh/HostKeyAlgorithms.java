package dev.qualify.connectors.ssh;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.signature.Signature;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which the client asks for the server's host key type. The server shows the first type in this
 * list that it has, so a device with ed25519, ECDSA and RSA host keys must be asked for the type known_hosts
 * lists for it, or a key that is perfectly known looks "changed". Known types go first; then OpenSSH's own
 * preference (ed25519, ECDSA, RSA) so pinned fingerprints taken with {@code ssh-keygen -lf} of the ed25519 key
 * match; host certificates last (only plain keys are verified).
 */
final class HostKeyAlgorithms {
    private HostKeyAlgorithms() {
    }

    static List<NamedFactory<Signature>> order(List<NamedFactory<Signature>> available, List<String> knownKeyTypes) {
        List<NamedFactory<Signature>> sorted = new ArrayList<>(available);
        sorted.sort(Comparator.comparingInt(f -> rank(f.getName(), knownKeyTypes)));
        return sorted;
    }

    static int rank(String algorithm, List<String> knownKeyTypes) {
        if (algorithm.contains("-cert-")) return 100;
        for (int i = 0; i < knownKeyTypes.size(); i++) {
            if (algorithmsOf(knownKeyTypes.get(i)).contains(algorithm)) return i;
        }
        int base = knownKeyTypes.size();
        if (algorithm.equals("ssh-ed25519")) return base + 1;
        if (algorithm.startsWith("ecdsa-")) return base + 2;
        if (algorithm.startsWith("rsa-sha2-") || algorithm.equals("ssh-rsa")) return base + 3;
        return base + 4;
    }

    /** The signature algorithms that present a host key of {@code keyType}. */
    private static List<String> algorithmsOf(String keyType) {
        return keyType.equals("ssh-rsa") ? List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa") : List.of(keyType);
    }
}
