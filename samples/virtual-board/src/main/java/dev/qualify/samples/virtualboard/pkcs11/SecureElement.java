package dev.qualify.samples.virtualboard.pkcs11;

import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;
import dev.qualify.samples.virtualboard.unity.UnityFailure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * The board's side of its secure element ({@link SoftHsmSecureElement}, a child process holding a SoftHSM2 token):
 * initialises the board's token in the board's work directory on first use ({@code softhsm2-util --init-token} with
 * {@code SOFTHSM2_CONF} pointing at the board's own config, run as an argument list), starts the child, and turns
 * FLIT's {@code Full_PKCS11_RSA} and {@code Full_PKCS11_EC} groups into Unity groups whose cases run in it.
 *
 * <p>Two tokens per board: {@code test} for throwaway credentials (the Import and Onboard cases create and destroy
 * them) and {@code factory} for the pre-provisioned key pair, which FLIT says must not be the test slot. Both persist
 * in {@code <flash file>.softhsm/} across boots, as a real token would.
 */
public final class SecureElement implements AutoCloseable {

    /** Debian's SoftHSM2 module. */
    public static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "1234";
    static final String SO_PIN = "12345678";
    private static final String FILE = "core_pkcs11_test.c";

    /** Cases of the two object groups, in FLIT's RUN_TEST_CASE order (all of them; the macros choose). */
    public static final Map<String, List<String>> CASES = cases();

    private static Map<String, List<String>> cases() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(SoftHsmSecureElement.RSA_GROUP, List.of("PKCS11_RSA_CreateObject", "PKCS11_RSA_FindObject",
                "PKCS11_RSA_GetAttributeValue", "PKCS11_RSA_Sign", "PKCS11_RSA_FindObjectMultiThread",
                "PKCS11_RSA_GetAttributeValueMultiThread", "PKCS11_RSA_DestroyObject"));
        m.put(SoftHsmSecureElement.EC_GROUP, List.of("PKCS11_EC_GenerateKeyPair", "PKCS11_EC_CreateObject",
                "PKCS11_EC_FindObject", "PKCS11_EC_GetAttributeValue", "PKCS11_EC_Sign", "PKCS11_EC_Verify",
                "PKCS11_EC_FindObjectMultiThread", "PKCS11_EC_GetAttributeValueMultiThread",
                "PKCS11_EC_SignVerifyMultiThread", "PKCS11_EC_DestroyObject"));
        return Collections.unmodifiableMap(m);
    }

    /** The image's {@code PKCS11_TEST_*} switches and labels. */
    public record Options(boolean rsa, boolean ec, boolean importKeys, boolean generate, boolean preprovisioned,
                          String privateKeyLabel, String publicKeyLabel, String certificateLabel, boolean failRsa) {
    }

    private final Process process;
    private final PrintWriter to;
    private final BufferedReader from;
    private final String ready;

    private SecureElement(Process process) throws IOException {
        this.process = process;
        this.to = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = from.readLine();
        if (first == null || !first.startsWith("READY")) {
            process.destroyForcibly();
            throw new IOException("the secure element did not start: " + (first == null ? "no output" : first));
        }
        this.ready = first.substring("READY ".length());
    }

    /** What the secure element runs on, for the boot log. */
    public String description() {
        return ready;
    }

    /**
     * Starts the secure element for an image: the board's token initialised if new, the child process started.
     *
     * @param workDir the board's directory for its tokens
     */
    public static SecureElement start(Path workDir, Options o) throws IOException, InterruptedException {
        String token = o.preprovisioned() ? "factory" : "test";
        Path conf = initToken(workDir, token);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.crypto.cryptoki",
                "--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SoftHsmSecureElement.class.getName(),
                "--token=" + token, "--pin=" + PIN, "--library=" + LIBRARY,
                "--rsa=" + bit(o.rsa()), "--ec=" + bit(o.ec()), "--import=" + bit(o.importKeys()),
                "--generate=" + bit(o.generate()), "--preprovisioned=" + bit(o.preprovisioned()),
                "--fail-rsa=" + bit(o.failRsa()), "--priv=" + o.privateKeyLabel(), "--pub=" + o.publicKeyLabel(),
                "--cert=" + o.certificateLabel()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SOFTHSM2_CONF", conf.toString());
        return new SecureElement(pb.start());
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /** The token's SoftHSM2 config and, on first use, the token itself ({@code softhsm2-util --init-token}). */
    static Path initToken(Path workDir, String token) throws IOException, InterruptedException {
        Path dir = workDir.resolve(token);
        Path tokens = dir.resolve("tokens");
        Path conf = dir.resolve("softhsm2.conf");
        if (Files.isRegularFile(dir.resolve("initialised"))) {
            return conf.toAbsolutePath();
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n");
        ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", token,
                "--so-pin", SO_PIN, "--pin", PIN).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("softhsm2-util --init-token failed: " + out);
        }
        Files.writeString(dir.resolve("initialised"), out + "\n");
        return conf.toAbsolutePath();
    }

    private synchronized String ask(String request) {
        to.println(request);
        try {
            String answer = from.readLine();
            if (answer == null) {
                throw new UnityFailure(0, "the secure element stopped answering");
            }
            return answer;
        } catch (IOException e) {
            throw new UnityFailure(0, "the secure element stopped answering: " + e.getMessage());
        }
    }

    /** The public key under the TLS public-key label, hex DER, or null when there is none. */
    public String publicKeyHex() {
        String a = ask("PUBKEY");
        return a.startsWith("KEY ") ? a.substring(4) : null;
    }

    /**
     * FLIT's {@code TEST_GROUP_RUNNER( Full_PKCS11_RSA )} and {@code ( Full_PKCS11_EC )}: the cases the macros
     * enable, in FLIT order; each case runs in the secure element.
     */
    public List<TestGroup> groups(Options o) {
        List<TestGroup> groups = new ArrayList<>();
        if (o.rsa()) {
            List<TestCase> cases = new ArrayList<>();
            for (String c : CASES.get(SoftHsmSecureElement.RSA_GROUP)) {
                if (c.endsWith("_CreateObject") && !o.importKeys()) continue;
                if (c.endsWith("_DestroyObject") && o.preprovisioned()) continue;
                cases.add(remote(SoftHsmSecureElement.RSA_GROUP, c));
            }
            groups.add(group(SoftHsmSecureElement.RSA_GROUP, cases));
        }
        if (o.ec()) {
            List<TestCase> cases = new ArrayList<>();
            for (String c : CASES.get(SoftHsmSecureElement.EC_GROUP)) {
                if (c.endsWith("_GenerateKeyPair") && !o.generate()) continue;
                if (c.endsWith("_CreateObject") && !o.importKeys()) continue;
                if (c.endsWith("_DestroyObject") && o.preprovisioned()) continue;
                cases.add(remote(SoftHsmSecureElement.EC_GROUP, c));
            }
            groups.add(group(SoftHsmSecureElement.EC_GROUP, cases));
        }
        return groups;
    }

    private TestGroup group(String name, List<TestCase> cases) {
        return new TestGroup(name, FILE, () -> ask("BEFORE " + name), TestGroup.Fixture.NONE, TestGroup.Fixture.NONE,
                cases);
    }

    private TestCase remote(String group, String name) {
        return new TestCase(name, 0, perturbed -> {
            String a = ask("RUN " + group + " " + name + " " + (perturbed ? 1 : 0));
            if (a.startsWith("FAIL ")) {
                String rest = a.substring(5);
                int sp = rest.indexOf(' ');
                throw new UnityFailure(Integer.parseInt(rest.substring(0, sp)), rest.substring(sp + 1));
            }
            if (!a.equals("PASS")) {
                throw new UnityFailure(0, "the secure element answered: " + a);
            }
        });
    }

    /** Whether {@code (group, name)} is one of the object cases. */
    public static BiPredicate<String, String> known() {
        return (g, n) -> CASES.getOrDefault(g, List.of()).contains(n);
    }

    @Override
    public void close() {
        try {
            to.println("QUIT");
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
