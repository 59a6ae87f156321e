package dev.qualify.connectors.ssh;

import dev.qualify.api.support.Durations;
import dev.qualify.api.support.Suggestions;
import dev.qualify.api.driver.SettingsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Binds an {@code ssh} settings section (a map as read from YAML or JSON) to {@link SshSettings}. Every problem is a
 * {@link SettingsException} naming the dotted key as the user wrote it, with a suggestion; unknown keys get a
 * "did you mean". Secret values (password, passphrase) never appear in a message.
 *
 * <p>Qualify's own keys and IDT's {@code device.json} {@code connectivity} vocabulary are both accepted:
 * {@code ip} for {@code host}, {@code publicKeyPath} for {@code knownHosts}, {@code auth.method: pki} for
 * {@code key}, and {@code auth.credentials.{user, privKeyPath, password}}.
 *
 * <p>Defaults: port 22; host keys checked against {@code ~/.ssh/known_hosts} when no check is configured;
 * a jump host inherits the device's user, credentials and known_hosts file unless it names its own.
 */
public final class SshSettingsReader {
    static final Set<String> TOP_KEYS = Set.of("host", "ip", "port", "user", "auth", "knownHosts", "publicKeyPath",
            "hostKeyFingerprint", "acceptAnyHostKey", "connectTimeout", "keepAlive", "deadPeerTimeout", "reconnect",
            "jump", "sudo", "protocol");
    static final Set<String> JUMP_KEYS = Set.of("host", "ip", "port", "user", "auth", "knownHosts", "publicKeyPath",
            "hostKeyFingerprint", "acceptAnyHostKey");
    static final Set<String> AUTH_KEYS = Set.of("method", "user", "privateKey", "privKeyPath", "passphrase", "password",
            "credentials");
    static final Set<String> CREDENTIAL_KEYS = Set.of("user", "privKeyPath", "privateKey", "passphrase", "password");
    static final Set<String> RECONNECT_KEYS = Set.of("deadline", "initialBackoff", "maxBackoff");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?|MD5:([0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2}");

    private final boolean checkFiles;

    /** @param checkFiles also check that key and known_hosts files exist and that keys decrypt */
    public SshSettingsReader(boolean checkFiles) {
        this.checkFiles = checkFiles;
    }

    /** @throws SettingsException naming the offending key */
    public SshSettings read(Map<String, Object> settings) {
        Section top = new Section("", settings);
        top.allowOnly(TOP_KEYS);
        String protocol = top.string("protocol");
        if (protocol != null && !protocol.equalsIgnoreCase("ssh")) {
            throw new SettingsException("protocol", "protocol '" + protocol + "' is not ssh",
                    "the ssh driver only speaks ssh; use a console of type serial for uart");
        }
        SshEndpoint target = endpoint(top, null);
        List<SshEndpoint> jumps = new ArrayList<>();
        Object j = top.raw("jump");
        if (j instanceof Map<?, ?>) {
            jumps.add(endpoint(top.section("jump").allowOnly(JUMP_KEYS), target));
        } else if (j instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Section s = top.element("jump", i).allowOnly(JUMP_KEYS);
                jumps.add(endpoint(s, target));
            }
        } else if (j instanceof String s && !s.isBlank()) {
            throw new SettingsException("jump", "must be a mapping {host, port, user, ...} or a list of them",
                    "write jump: {host: " + s + ", port: 22}");
        } else if (j != null) {
            throw new SettingsException("jump", "must be a mapping {host, port, user, ...} or a list of them", null);
        }

        Duration connectTimeout = top.duration("connectTimeout", SshSettings.DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.isZero()) throw new SettingsException("connectTimeout", "must be more than zero", "e.g. 15s");
        Duration keepAlive = top.duration("keepAlive", SshSettings.DEFAULT_KEEP_ALIVE);
        Duration deadPeer = top.duration("deadPeerTimeout", SshSettings.DEFAULT_DEAD_PEER_TIMEOUT);
        if (!keepAlive.isZero() && deadPeer.compareTo(keepAlive) < 0) {
            throw new SettingsException("deadPeerTimeout", "deadPeerTimeout (" + deadPeer.toMillis() + " ms) is shorter than keepAlive ("
                    + keepAlive.toMillis() + " ms)", "make it a few keepAlive intervals, e.g. keepAlive: 5s, deadPeerTimeout: 15s");
        }
        ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
        if (top.raw("reconnect") != null) {
            Section r = top.section("reconnect").allowOnly(RECONNECT_KEYS);
            Duration deadline = r.duration("deadline", ReconnectPolicy.DEFAULT.deadline());
            Duration initial = r.duration("initialBackoff", ReconnectPolicy.DEFAULT.initialBackoff());
            if (initial.isZero()) throw new SettingsException(r.key("initialBackoff"), "must be more than zero", "e.g. 500ms");
            Duration max = r.duration("maxBackoff", initial.compareTo(ReconnectPolicy.DEFAULT.maxBackoff()) > 0 ? initial : ReconnectPolicy.DEFAULT.maxBackoff());
            if (max.compareTo(initial) < 0) {
                throw new SettingsException(r.key("maxBackoff"), "maxBackoff is shorter than initialBackoff", "e.g. initialBackoff: 500ms, maxBackoff: 10s");
            }
            reconnect = new ReconnectPolicy(deadline, initial, max);
        }
        boolean sudo = top.bool("sudo", false);
        return new SshSettings(target, jumps, connectTimeout, keepAlive, deadPeer, reconnect, sudo);
    }

    private SshEndpoint endpoint(Section s, SshEndpoint inheritFrom) {
        String host = s.string("host");
        String ip = s.string("ip");
        if (host != null && ip != null && !host.equals(ip)) {
            throw new SettingsException(s.key("ip"), "both host and ip are given and differ", "keep one of them");
        }
        if (host == null) host = ip;
        if (host == null || host.isBlank()) {
            throw new SettingsException(s.key("host"), "required key 'host' is missing", "add host: 192.168.1.20 (IDT: ip)");
        }
        int port = s.integer("port", 22, 1, 65535);

        Section auth = s.raw("auth") == null ? null : s.section("auth").allowOnly(AUTH_KEYS);
        Section cred = auth == null || auth.raw("credentials") == null ? null
                : auth.section("credentials").allowOnly(CREDENTIAL_KEYS);

        String user = firstOf(s, "user", auth, "user", cred, "user");
        if (user == null && inheritFrom != null) user = inheritFrom.user();
        if (user == null || user.isBlank()) {
            throw new SettingsException(s.key("user"), "required key 'user' is missing", "add user: root (IDT: auth.credentials.user)");
        }
        SshAuth sshAuth = auth(s, auth, cred, inheritFrom);
        HostKeyPolicy hostKeys = hostKeys(s, inheritFrom);
        return new SshEndpoint(host.trim(), port, user, sshAuth, hostKeys);
    }

    private SshAuth auth(Section s, Section auth, Section cred, SshEndpoint inheritFrom) {
        if (auth == null) {
            if (inheritFrom != null) return inheritFrom.auth();
            throw new SettingsException(s.key("auth"), "required key 'auth' is missing",
                    "add auth: {method: key, privateKey: ~/.ssh/id_ed25519} or auth: {method: password, password: ...}");
        }
        String keyPathKey = auth.raw("privateKey") != null ? auth.key("privateKey") : auth.raw("privKeyPath") != null
                ? auth.key("privKeyPath") : cred != null && cred.raw("privKeyPath") != null ? cred.key("privKeyPath")
                : cred != null ? cred.key("privateKey") : auth.key("privateKey");
        String keyPath = firstOf(auth, "privateKey", auth, "privKeyPath", cred, "privKeyPath");
        if (keyPath == null && cred != null) keyPath = cred.string("privateKey");
        String passphrase = firstOf(auth, "passphrase", cred, "passphrase", null, null);
        String password = firstOf(auth, "password", cred, "password", null, null);
        String method = auth.string("method");
        SshAuth.Method m;
        if (method == null) {
            if (keyPath != null) m = SshAuth.Method.KEY;
            else if (password != null) m = SshAuth.Method.PASSWORD;
            else throw new SettingsException(auth.key("method"), "auth names neither a private key nor a password",
                    "add privateKey: ~/.ssh/id_ed25519 or password: ...");
        } else {
            m = switch (method.trim().toLowerCase()) {
                case "key", "pki", "publickey", "public-key" -> SshAuth.Method.KEY;
                case "password" -> SshAuth.Method.PASSWORD;
                default -> throw new SettingsException(auth.key("method"), "unknown auth method '" + method + "'",
                        Suggestions.closest(method, List.of("key", "password", "pki")).map(x -> "did you mean '" + x + "'?")
                                .orElse("use key (IDT: pki) or password"));
            };
        }
        if (m == SshAuth.Method.KEY) {
            if (keyPath == null || keyPath.isBlank()) {
                throw new SettingsException(keyPathKey, "auth method key needs a private key file",
                        "add privateKey: ~/.ssh/id_ed25519 (IDT: credentials.privKeyPath)");
            }
            Path file = expandHome(keyPath);
            if (checkFiles) {
                if (!Files.isReadable(file)) {
                    throw new SettingsException(keyPathKey, "private key file " + file + " does not exist or is not readable",
                            "generate one with ssh-keygen -t ed25519 -f " + file);
                }
                try {
                    KeyPairLoader.load(file, passphrase);
                } catch (KeyPairLoader.KeyLoadException e) {
                    String where = e.passphraseProblem() ? (auth.raw("passphrase") != null || cred == null ? auth.key("passphrase") : cred.key("passphrase")) : keyPathKey;
                    throw new SettingsException(where, e.getMessage(), e.passphraseProblem()
                            ? "give the key's passphrase in auth.passphrase (better: from a secret file or variable)"
                            : "use an OpenSSH or PEM private key (ed25519, ECDSA or RSA)");
                }
            }
            return SshAuth.key(file, passphrase);
        }
        if (password == null) {
            throw new SettingsException(auth.key("password"), "auth method password needs a password",
                    "add password: ... (IDT: credentials.password)");
        }
        return SshAuth.password(password);
    }

    private HostKeyPolicy hostKeys(Section s, SshEndpoint inheritFrom) {
        String known = s.string("knownHosts");
        String pubKeyPath = s.string("publicKeyPath");
        if (known != null && pubKeyPath != null && !known.equals(pubKeyPath)) {
            throw new SettingsException(s.key("publicKeyPath"), "both knownHosts and publicKeyPath are given and differ",
                    "publicKeyPath is IDT's name for knownHosts; keep one");
        }
        String knownKey = known != null ? s.key("knownHosts") : s.key("publicKeyPath");
        if (known == null) known = pubKeyPath;
        List<String> fingerprints = s.stringOrList("hostKeyFingerprint");
        boolean acceptAny = s.bool("acceptAnyHostKey", false);
        int ways = (known != null ? 1 : 0) + (fingerprints.isEmpty() ? 0 : 1) + (acceptAny ? 1 : 0);
        if (ways > 1) {
            throw new SettingsException(acceptAny ? s.key("acceptAnyHostKey") : s.key("hostKeyFingerprint"),
                    "choose one host key check: knownHosts, hostKeyFingerprint or acceptAnyHostKey",
                    acceptAny ? "remove acceptAnyHostKey: the configured keys are checked" : "remove one of them");
        }
        for (int i = 0; i < fingerprints.size(); i++) {
            String f = fingerprints.get(i);
            if (!FINGERPRINT.matcher(f).matches()) {
                throw new SettingsException(s.key("hostKeyFingerprint"), "'" + f + "' is not a host key fingerprint",
                        "write it as ssh-keygen -lf prints it, e.g. SHA256:" + "x".repeat(43).replace('x', 'A'));
            }
        }
        if (acceptAny) return HostKeyPolicy.acceptAnyKey();
        if (!fingerprints.isEmpty()) return HostKeyPolicy.pinned(fingerprints.toArray(String[]::new));
        if (known != null) {
            Path file = expandHome(known);
            if (checkFiles && !Files.isReadable(file)) {
                throw new SettingsException(knownKey, "known_hosts file " + file + " does not exist or is not readable",
                        "create it with ssh-keyscan -p PORT HOST > " + file + " and check the fingerprints");
            }
            return HostKeyPolicy.knownHosts(file);
        }
        if (inheritFrom != null && inheritFrom.hostKeys().knownHosts() != null) {
            return HostKeyPolicy.knownHosts(inheritFrom.hostKeys().knownHosts());
        }
        return HostKeyPolicy.knownHosts(defaultKnownHosts());
    }

    /** {@code ~/.ssh/known_hosts} of the user running Qualify. */
    static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    static Path expandHome(String path) {
        String p = path.trim();
        if (p.equals("~")) return Path.of(System.getProperty("user.home"));
        if (p.startsWith("~/")) return Path.of(System.getProperty("user.home"), p.substring(2));
        return Path.of(p);
    }

    private static String firstOf(Section a, String ka, Section b, String kb, Section c, String kc) {
        if (a != null && a.string(ka) != null) return a.string(ka);
        if (b != null && b.string(kb) != null) return b.string(kb);
        if (c != null && c.string(kc) != null) return c.string(kc);
        return null;
    }

    /** A map inside the settings and its dotted key prefix. */
    private record Section(String prefix, Map<String, Object> map) {
        String key(String k) {
            return prefix.isEmpty() ? k : prefix + "." + k;
        }

        Object raw(String k) {
            return map.get(k);
        }

        Section allowOnly(Set<String> allowed) {
            for (Object o : map.keySet()) {
                String k = String.valueOf(o);
                if (!allowed.contains(k)) {
                    throw new SettingsException(key(k), "unknown key '" + k + "'", Suggestions.closest(k, allowed)
                            .map(x -> "did you mean '" + x + "'?").orElse("allowed here: " + new TreeSet<>(allowed)));
                }
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        Section section(String k) {
            Object v = map.get(k);
            if (!(v instanceof Map<?, ?> m)) throw new SettingsException(key(k), "must be a mapping (key: value)", null);
            return new Section(key(k), (Map<String, Object>) m);
        }

        @SuppressWarnings("unchecked")
        Section element(String k, int i) {
            Object v = ((List<?>) map.get(k)).get(i);
            if (!(v instanceof Map<?, ?> m)) throw new SettingsException(key(k) + "." + i, "must be a mapping {host, port, user, ...}", null);
            return new Section(key(k) + "." + i, (Map<String, Object>) m);
        }

        String string(String k) {
            Object v = map.get(k);
            if (v == null) return null;
            if (v instanceof Map || v instanceof List) throw new SettingsException(key(k), "must be a single value, not a "
                    + (v instanceof Map ? "mapping" : "list"), null);
            return String.valueOf(v);
        }

        List<String> stringOrList(String k) {
            Object v = map.get(k);
            if (v == null) return List.of();
            if (v instanceof List<?> l) {
                List<String> out = new ArrayList<>();
                for (Object o : l) {
                    if (o == null || o instanceof Map || o instanceof List) throw new SettingsException(key(k), "must be a list of strings", null);
                    out.add(String.valueOf(o).trim());
                }
                return out;
            }
            return List.of(string(k).trim());
        }

        int integer(String k, int fallback, int min, int max) {
            Object v = map.get(k);
            if (v == null) return fallback;
            int i;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) i = n.intValue();
            else {
                try {
                    i = Integer.parseInt(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    throw new SettingsException(key(k), "'" + v + "' is not a whole number", null);
                }
            }
            if (i < min || i > max) throw new SettingsException(key(k), i + " is out of range " + min + ".." + max, null);
            return i;
        }

        boolean bool(String k, boolean fallback) {
            Object v = map.get(k);
            if (v == null) return fallback;
            if (v instanceof Boolean b) return b;
            String s = String.valueOf(v).trim().toLowerCase();
            if (s.equals("true") || s.equals("yes")) return true;
            if (s.equals("false") || s.equals("no")) return false;
            throw new SettingsException(key(k), "'" + v + "' is not true or false", null);
        }

        Duration duration(String k, Duration fallback) {
            Object v = map.get(k);
            if (v == null) return fallback;
            if (v instanceof Map || v instanceof List) throw new SettingsException(key(k), "must be a duration", "write e.g. 1500ms, 30s, 5m");
            return Durations.parse(String.valueOf(v)).orElseThrow(() -> new SettingsException(key(k),
                    "'" + v + "' is not a duration", "write e.g. 1500ms, 30s, 5m or 1h"));
        }
    }
}
