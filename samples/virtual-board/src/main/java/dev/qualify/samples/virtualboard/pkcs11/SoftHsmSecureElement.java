package dev.qualify.samples.virtualboard.pkcs11;

import dev.qualify.samples.virtualboard.unity.UnityFailure;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertEqual;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertTrue;
import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

/**
 * The board's secure element: a separate process that holds a SoftHSM2 token and runs the object-level cases of
 * FLIT's {@code core_pkcs11_test.c} ({@code Full_PKCS11_RSA}, {@code Full_PKCS11_EC}) against it through the JDK's
 * PKCS #11 wrapper (the layer under SunPKCS11): every {@code C_CreateObject}, {@code C_FindObjects*},
 * {@code C_GetAttributeValue}, {@code C_DestroyObject}, {@code C_GenerateKeyPair}, {@code C_Sign} and
 * {@code C_Verify} is a real call into {@code libsofthsm2.so}. What FLIT checks with mbedTLS (signatures made by the
 * token verified off-token, a signature made off-token verified by the token) is checked with the JCA here.
 *
 * <p>It is a process of its own because SoftHSM2 finds its token directory only through the environment variable
 * {@code SOFTHSM2_CONF}, which a running JVM cannot set for itself, and because the wrapper needs an
 * {@code --add-exports}. {@link SecureElement} starts it with both and talks to it over stdin/stdout, one line per
 * request: {@code BEFORE <group>}, {@code RUN <group> <case> <0|1>} (1 = perturbed), {@code PUBKEY}, {@code QUIT};
 * answers are {@code OK}, {@code PASS}, {@code FAIL <line> <message>}, {@code KEY <hex>|NONE}, {@code INFO <text>}.
 * It exits when its stdin closes (the board process ended).
 */
public final class SoftHsmSecureElement {

    static final String EC_GROUP = "Full_PKCS11_EC";
    static final String RSA_GROUP = "Full_PKCS11_RSA";
    static final int TASKS = 2;
    static final int LOOPS = 10;
    /** DER of the P-256 OID (CKA_EC_PARAMS). */
    static final byte[] P256_OID = HexFormat.of().parseHex("06082a8648ce3d030107");
    /** DigestInfo prefix of SHA-256 (what FLIT's vAppendSHA256AlgorithmIdentifierSequence prepends). */
    static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");

    static final long CKR_OK = 0x00;
    static final long CKR_ATTRIBUTE_SENSITIVE = 0x11;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;

    enum Method { PREPROVISIONED, IMPORT, GENERATE }

    private final PKCS11 p11;
    private final long slot;
    private final char[] pin;
    private final boolean rsa;
    private final boolean ec;
    private final boolean importKeys;
    private final boolean generate;
    private final boolean preprovisioned;
    private final boolean failRsa;
    private final String privLabel;
    private final String pubLabel;
    private final String certLabel;
    private final Credentials ecCred;
    private final Credentials rsaCred;
    private long session;
    private final java.util.Set<Long> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    record Credentials(java.security.PrivateKey key, PublicKey pub, X509Certificate cert) {
    }

    private SoftHsmSecureElement(Map<String, String> a) throws Exception {
        String library = a.getOrDefault("library", SecureElement.LIBRARY);
        p11 = PKCS11.getInstance(library, "C_GetFunctionList", null, false);
        pin = a.get("pin").toCharArray();
        String tokenLabel = a.get("token");
        long found = -1;
        for (long s : p11.C_GetSlotList(true)) {
            CK_TOKEN_INFO info = p11.C_GetTokenInfo(s);
            if (new String(info.label).trim().equals(tokenLabel)) {
                found = s;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no SoftHSM2 token labelled " + tokenLabel);
        }
        slot = found;
        rsa = flag(a, "rsa");
        ec = flag(a, "ec");
        importKeys = flag(a, "import");
        generate = flag(a, "generate");
        preprovisioned = flag(a, "preprovisioned");
        failRsa = flag(a, "fail-rsa");
        privLabel = a.get("priv");
        pubLabel = a.get("pub");
        certLabel = a.get("cert");
        ecCred = credentials("ec");
        rsaCred = credentials("rsa");
    }

    private static boolean flag(Map<String, String> a, String k) {
        return "1".equals(a.get(k));
    }

    /** The board's test credentials (its own, made for it; FLIT ships its own in rsa/ecdsa_test_credentials.h). */
    static Credentials credentials(String kind) throws Exception {
        String key = resource(kind + "-key.pem").replaceAll("-----[^-]+-----|\\s", "");
        KeyFactory kf = KeyFactory.getInstance(kind.equals("ec") ? "EC" : "RSA");
        java.security.PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(resource(kind + "-cert.pem").getBytes(StandardCharsets.US_ASCII)));
        return new Credentials(priv, cert.getPublicKey(), cert);
    }

    private static String resource(String name) throws Exception {
        try (var in = SoftHsmSecureElement.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // only protocol lines on stdout
        SoftHsmSecureElement se;
        try {
            se = new SoftHsmSecureElement(a);
            se.factoryProvision();
        } catch (Exception e) {
            out.println("ERROR " + oneLine(e.toString()));
            return;
        }
        out.println("READY SoftHSM2 token '" + a.get("token") + "' in slot " + se.slot + " via " + se.p11);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "BEFORE" -> {
                    se.beforeRunningTests();
                    out.println("OK");
                }
                case "RUN" -> out.println(se.run(w[1], w[2], w[3].equals("1")));
                case "PUBKEY" -> out.println(se.publicKeyHex());
                case "QUIT" -> {
                    return;
                }
                default -> out.println("ERROR unknown request " + w[0]);
            }
        }
    }

    static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    // ---- FLIT's helpers

    /** prvBeforeRunningTests: C_Finalize, here: every session of the token closed. */
    private void beforeRunningTests() {
        for (Long s : open) {
            try {
                p11.C_CloseSession(s);
            } catch (PKCS11Exception ignored) {
                // already closed
            }
        }
        open.clear();
        session = 0;
    }

    private long openSession() throws PKCS11Exception {
        long s = p11.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
        open.add(s);
        try {
            p11.C_Login(s, CKU_USER, pin);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
        }
        return s;
    }

    private String run(String group, String name, boolean perturbed) {
        try {
            session = openSession(); // TEST_SETUP: xInitializePKCS11 + xInitializePkcs11Session
            try {
                body(group, name, perturbed);
            } finally {
                p11.C_CloseSession(session); // TEST_TEAR_DOWN
            }
            return "PASS";
        } catch (UnityFailure f) {
            return "FAIL " + f.line() + " " + oneLine(f.getMessage());
        } catch (PKCS11Exception e) {
            return "FAIL " + line(e) + " Expected 0 Was " + e.getErrorCode() + ". " + oneLine(e.getMessage());
        } catch (Exception e) {
            return "FAIL " + line(e) + " Unexpected " + oneLine(e.toString());
        }
    }

    private static int line(Throwable e) {
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getClassName().equals(SoftHsmSecureElement.class.getName())) {
                return el.getLineNumber();
            }
        }
        return 0;
    }

    private void body(String group, String name, boolean perturbed) throws Exception {
        boolean isEc = group.equals(EC_GROUP);
        String c = name.substring(isEc ? "PKCS11_EC_".length() : "PKCS11_RSA_".length());
        switch (c) {
            case "GenerateKeyPair" -> ecGenerateKeyPair(perturbed);
            case "CreateObject" -> provisionImport(isEc, perturbed);
            case "FindObject" -> helper(isEc, m -> findObjectTest(perturbed));
            case "GetAttributeValue" -> helper(isEc, m -> getAttributeValue(isEc, m, perturbed));
            case "Sign" -> helper(isEc, m -> sign(isEc, m, perturbed || !isEc && failRsa));
            case "Verify" -> helper(isEc, m -> ecVerify(m, perturbed));
            case "FindObjectMultiThread" -> helper(isEc, m -> multiThread(perturbed, s -> findObjects(s, false)));
            case "GetAttributeValueMultiThread" -> helper(isEc, m -> multiThread(perturbed, s -> attributeLoop(s, isEc)));
            case "SignVerifyMultiThread" -> helper(isEc, m -> multiThread(perturbed, this::signVerifyLoop));
            case "DestroyObject" -> helper(isEc, m -> {
                if (m != Method.PREPROVISIONED) {
                    destroyTestCredentials(perturbed);
                }
            });
            default -> throw new UnityFailure(0, "the board does not implement " + group + "." + name);
        }
    }

    @FunctionalInterface
    interface MethodTest {
        void run(Method m) throws Exception;
    }

    @FunctionalInterface
    interface SessionTask {
        void run(long session) throws Exception;
    }

    /** prvEcObjectTestHelper / prvRsaObjectTestHelper: the test once per enabled provisioning method. */
    private void helper(boolean isEc, MethodTest test) throws Exception {
        List<Method> methods = new ArrayList<>();
        if (preprovisioned) {
            methods.add(Method.PREPROVISIONED);
        }
        if (importKeys) {
            methods.add(Method.IMPORT);
        }
        if (generate && isEc) {
            methods.add(Method.GENERATE); // FLIT does not generate RSA keys
        }
        for (Method m : methods) {
            if (m != Method.PREPROVISIONED) {
                destroyTestCredentials(false);
                if (m == Method.IMPORT) {
                    provisionImport(isEc, false);
                } else {
                    provisionGenerate();
                }
            }
            test.run(m);
        }
    }

    // ---- objects

    private long find(long s, String label, long cls) throws PKCS11Exception {
        p11.C_FindObjectsInit(s, new CK_ATTRIBUTE[]{new CK_ATTRIBUTE(CKA_LABEL, label.getBytes(StandardCharsets.UTF_8)),
                new CK_ATTRIBUTE(CKA_CLASS, cls)});
        try {
            long[] found = p11.C_FindObjects(s, 1);
            return found.length == 0 ? CK_INVALID_HANDLE : found[0];
        } finally {
            p11.C_FindObjectsFinal(s);
        }
    }

    /** prvDestroyTestCredentials: every object under the three labels destroyed, then not found again. */
    private void destroyTestCredentials(boolean perturbed) throws Exception {
        String[] labels = {certLabel, privLabel, pubLabel};
        long[] classes = {CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY};
        for (int i = 0; i < labels.length; i++) {
            long h;
            while ((h = find(session, labels[i], classes[i])) != CK_INVALID_HANDLE) {
                p11.C_DestroyObject(session, h);
                if (perturbed) {
                    break;
                }
            }
        }
        if (perturbed) {
            provisionImport(ec, false); // --fail-case: objects are there again after "destroying" them
        }
        for (int i = 0; i < labels.length; i++) {
            assertEqual(CK_INVALID_HANDLE, find(session, labels[i], classes[i]), "Object found after it was destroyed.");
        }
    }

    private long create(CK_ATTRIBUTE... template) throws PKCS11Exception {
        return p11.C_CreateObject(session, template);
    }

    private CK_ATTRIBUTE label(String l) {
        return new CK_ATTRIBUTE(CKA_LABEL, l.getBytes(StandardCharsets.UTF_8));
    }

    /** xProvisionPublicKey / xProvisionPrivateKey / xProvisionCertificate with the board's test credentials. */
    private void provisionImport(boolean isEc, boolean perturbed) throws Exception {
        Credentials cred = isEc ? ecCred : rsaCred;
        long pub;
        long priv;
        if (isEc) {
            ECPublicKey k = (ECPublicKey) cred.pub();
            pub = create(new CK_ATTRIBUTE(CKA_CLASS, CKO_PUBLIC_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_EC),
                    new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_VERIFY, true), label(pubLabel),
                    new CK_ATTRIBUTE(CKA_EC_PARAMS, P256_OID), new CK_ATTRIBUTE(CKA_EC_POINT, ecPoint(k)));
            ECPrivateKey d = (ECPrivateKey) cred.key();
            priv = create(new CK_ATTRIBUTE(CKA_CLASS, CKO_PRIVATE_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_EC),
                    new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_PRIVATE, true),
                    new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_SIGN, true), label(privLabel),
                    new CK_ATTRIBUTE(CKA_EC_PARAMS, P256_OID), new CK_ATTRIBUTE(CKA_VALUE, unsigned(d.getS(), 32)));
        } else {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) cred.key();
            pub = create(new CK_ATTRIBUTE(CKA_CLASS, CKO_PUBLIC_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_RSA),
                    new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_VERIFY, true), label(pubLabel),
                    new CK_ATTRIBUTE(CKA_MODULUS, k.getModulus()), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT, k.getPublicExponent()));
            priv = create(new CK_ATTRIBUTE(CKA_CLASS, CKO_PRIVATE_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_RSA),
                    new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_PRIVATE, true),
                    new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_SIGN, true), label(privLabel),
                    new CK_ATTRIBUTE(CKA_MODULUS, k.getModulus()), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT, k.getPublicExponent()),
                    new CK_ATTRIBUTE(CKA_PRIVATE_EXPONENT, k.getPrivateExponent()), new CK_ATTRIBUTE(CKA_PRIME_1, k.getPrimeP()),
                    new CK_ATTRIBUTE(CKA_PRIME_2, k.getPrimeQ()), new CK_ATTRIBUTE(CKA_EXPONENT_1, k.getPrimeExponentP()),
                    new CK_ATTRIBUTE(CKA_EXPONENT_2, k.getPrimeExponentQ()), new CK_ATTRIBUTE(CKA_COEFFICIENT, k.getCrtCoefficient()));
        }
        assertTrue(pub != CK_INVALID_HANDLE, "Invalid object handle returned for public key.");
        assertTrue(priv != CK_INVALID_HANDLE, "Invalid object handle returned for private key.");
        long cert = createCertificate(cred.cert(), perturbed ? "Device Cert (mislabelled)" : certLabel);
        assertTrue(cert != CK_INVALID_HANDLE, "Invalid object handle returned for certificate.");
        if (perturbed) {
            // --fail-case: the certificate went in under another label; FLIT's FindObject-style check catches it
            assertTrue(find(session, certLabel, CKO_CERTIFICATE) != CK_INVALID_HANDLE,
                    "Failed to find certificate after creating it.");
        }
    }

    private long createCertificate(X509Certificate cert, String l) throws Exception {
        return create(new CK_ATTRIBUTE(CKA_CLASS, CKO_CERTIFICATE), new CK_ATTRIBUTE(CKA_CERTIFICATE_TYPE, CKC_X_509),
                new CK_ATTRIBUTE(CKA_TOKEN, true), label(l),
                new CK_ATTRIBUTE(CKA_SUBJECT, cert.getSubjectX500Principal().getEncoded()),
                new CK_ATTRIBUTE(CKA_VALUE, cert.getEncoded()));
    }

    /** xProvisionGenerateKeyPairEC on the token, plus the EC certificate FLIT stores next to it. */
    private long[] provisionGenerate() throws Exception {
        long[] keys = generateEc(session, privLabel, pubLabel);
        if (find(session, certLabel, CKO_CERTIFICATE) == CK_INVALID_HANDLE) {
            createCertificate(ecCred.cert(), certLabel);
        }
        return keys;
    }

    private long[] generateEc(long s, String priv, String pub) throws PKCS11Exception {
        CK_ATTRIBUTE[] pubT = {new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_VERIFY, true), label(pub),
                new CK_ATTRIBUTE(CKA_EC_PARAMS, P256_OID)};
        CK_ATTRIBUTE[] privT = {new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_PRIVATE, true),
                new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_SIGN, true), label(priv)};
        return p11.C_GenerateKeyPair(s, new CK_MECHANISM(CKM_EC_KEY_PAIR_GEN), pubT, privT);
    }

    private void ecGenerateKeyPair(boolean perturbed) throws Exception {
        destroyTestCredentials(false);
        long[] keys = provisionGenerate();
        long priv = keys[1];
        long pub = keys[0];
        assertEqual(CKO_PRIVATE_KEY, longAttr(priv, CKA_CLASS), "Incorrect object class returned from GetAttributeValue.");
        assertEqual(CKO_PUBLIC_KEY, longAttr(pub, CKA_CLASS), "Incorrect object class returned from GetAttributeValue.");
        assertEqual(CKK_EC, longAttr(priv, CKA_KEY_TYPE), "Incorrect key type for private key");
        assertEqual(CKK_EC, longAttr(pub, CKA_KEY_TYPE), "Incorrect key type for public key");
        assertTrue(Arrays.equals(P256_OID, bytesAttr(priv, CKA_EC_PARAMS)), "EcParameters did not match P256 OID.");
        assertEqual(CKR_ATTRIBUTE_SENSITIVE, attrError(perturbed ? pub : priv, CKA_VALUE),
                "Wrong error code retrieving private key");
        byte[] point = bytesAttr(pub, CKA_EC_POINT);
        assertEqual(67, point.length, "Failed to retrieve EC Point.");
        // sign with the new key, verify off-token with the point read back, then on-token
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xab);
        byte[] sig = signRaw(session, CKM_ECDSA, priv, hash);
        assertTrue(jcaVerifyEc(pointToKey(point), hash, sig), "mbedTLS failed to verify signature.");
        p11.C_VerifyInit(session, new CK_MECHANISM(CKM_ECDSA), pub);
        p11.C_Verify(session, hash, sig);
        assertTrue(find(session, privLabel, CKO_PRIVATE_KEY) != CK_INVALID_HANDLE, "Failed to find private key.");
    }

    private void findObjectTest(boolean perturbed) throws PKCS11Exception {
        findObjects(session, true);
        long none = find(session, perturbed ? privLabel : "This label doesn't exist", CKO_PRIVATE_KEY);
        assertEqual(CK_INVALID_HANDLE, none, "Incorrect error code finding object that doesn't exist");
    }

    /** prvFindObjectTest: the private key, public key and certificate found by label and class. */
    private long[] findObjects(long s, boolean assertEach) throws PKCS11Exception {
        long priv = find(s, privLabel, CKO_PRIVATE_KEY);
        assertTrue(priv != CK_INVALID_HANDLE, "Invalid object handle found for private key.");
        long pub = find(s, pubLabel, CKO_PUBLIC_KEY);
        assertTrue(pub != CK_INVALID_HANDLE, "Invalid object handle found for public key key.");
        long cert = find(s, certLabel, CKO_CERTIFICATE);
        assertTrue(cert != CK_INVALID_HANDLE, "Invalid object handle found for certificate.");
        return new long[]{priv, pub, cert};
    }

    private long longAttr(long h, long type) throws PKCS11Exception {
        CK_ATTRIBUTE[] t = {new CK_ATTRIBUTE(type)};
        p11.C_GetAttributeValue(session, h, t);
        return t[0].getLong();
    }

    private byte[] bytesAttr(long h, long type) throws PKCS11Exception {
        return bytesAttr(session, h, type);
    }

    private byte[] bytesAttr(long s, long h, long type) throws PKCS11Exception {
        CK_ATTRIBUTE[] t = {new CK_ATTRIBUTE(type)};
        p11.C_GetAttributeValue(s, h, t);
        Object v = t[0].pValue;
        return v instanceof byte[] b ? b : v instanceof BigInteger bi ? bi.toByteArray() : new byte[0];
    }

    /** The CKR of reading an attribute, 0 when it could be read. */
    private long attrError(long h, long type) {
        try {
            bytesAttr(h, type);
            return CKR_OK;
        } catch (PKCS11Exception e) {
            return e.getErrorCode();
        }
    }

    private void getAttributeValue(boolean isEc, Method m, boolean perturbed) throws Exception {
        long[] h = findObjects(session, true);
        assertEqual(CKO_PRIVATE_KEY, longAttr(h[0], CKA_CLASS), "Incorrect object class returned from GetAttributeValue.");
        assertEqual(CKO_PUBLIC_KEY, longAttr(h[1], CKA_CLASS), "Incorrect object class returned from GetAttributeValue.");
        assertEqual(CKO_CERTIFICATE, longAttr(h[2], CKA_CLASS), "Incorrect object class returned from GetAttributeValue.");
        assertEqual(isEc ? CKK_EC : CKK_RSA, longAttr(h[0], CKA_KEY_TYPE), "Incorrect key type returned.");
        Credentials cred = isEc ? ecCred : rsaCred;
        byte[] certValue = bytesAttr(h[2], CKA_VALUE);
        if (m == Method.IMPORT) {
            byte[] expected = cred.cert().getEncoded();
            if (perturbed) {
                expected = expected.clone();
                expected[expected.length / 2] ^= 1;
            }
            assertTrue(Arrays.equals(expected, certValue), "Incorrect certificate value returned.");
        }
        if (isEc) {
            assertTrue(Arrays.equals(P256_OID, bytesAttr(h[0], CKA_EC_PARAMS)), "Incorrect ECParameters returned from GetAttributeValue");
            assertTrue(Arrays.equals(P256_OID, bytesAttr(h[1], CKA_EC_PARAMS)), "Incorrect ECParameters returned from GetAttributeValue");
            byte[] point = bytesAttr(h[1], CKA_EC_POINT);
            assertEqual(67, point.length, "Incorrect EC point length provided.");
            if (m == Method.IMPORT) {
                assertTrue(Arrays.equals(ecPoint((ECPublicKey) cred.pub()), point), "Incorrect EC Point returned from GetAttributeValue");
            }
            assertEqual(CKR_ATTRIBUTE_SENSITIVE, attrError(h[0], CKA_VALUE), "Wrong error code retrieving private key");
        } else {
            assertEqual(CKR_ATTRIBUTE_SENSITIVE, attrError(h[0], CKA_PRIVATE_EXPONENT),
                    "Incorrect error code retrieved when trying to obtain private key.");
        }
    }

    private byte[] signRaw(long s, long mechanism, long key, byte[] data) throws PKCS11Exception {
        p11.C_SignInit(s, new CK_MECHANISM(mechanism), key);
        return p11.C_Sign(s, data);
    }

    private void sign(boolean isEc, Method m, boolean perturbed) throws Exception {
        long[] h = findObjects(session, true);
        byte[] hash = new byte[32];
        if (isEc) {
            Arrays.fill(hash, (byte) 0xab);
            byte[] sig = signRaw(session, CKM_ECDSA, h[0], perturbed ? flip(hash) : hash);
            assertEqual(64, sig.length, "ECDSA Sign returned an unexpected ECDSA Signature length.");
            PublicKey pub = pointToKey(bytesAttr(h[1], CKA_EC_POINT));
            assertTrue(jcaVerifyEc(pub, hash, sig), "mbedTLS failed to verify signature.");
        } else {
            byte[] digestInfo = concat(SHA256_DIGEST_INFO, perturbed ? flip(hash) : hash);
            byte[] sig = signRaw(session, CKM_RSA_PKCS, h[0], digestInfo);
            assertEqual(256, sig.length, "RSA Sign returned an unexpected signature length.");
            PublicKey pub = m == Method.IMPORT ? rsaCred.pub() : rsaPublic(h[1]);
            Signature v = Signature.getInstance("NONEwithRSA");
            v.initVerify(pub);
            v.update(concat(SHA256_DIGEST_INFO, hash));
            assertEqual(0, v.verify(sig) ? 0 : 1, "mbedTLS failed to parse valid RSA key (verification)");
            p11.C_VerifyInit(session, new CK_MECHANISM(CKM_RSA_PKCS), h[1]);
            p11.C_Verify(session, concat(SHA256_DIGEST_INFO, hash), sig);
        }
    }

    private void ecVerify(Method m, boolean perturbed) throws Exception {
        long[] h = findObjects(session, true);
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xbe);
        byte[] sig = signRaw(session, CKM_ECDSA, h[0], hash);
        p11.C_VerifyInit(session, new CK_MECHANISM(CKM_ECDSA), h[1]);
        p11.C_Verify(session, hash, sig);
        if (m == Method.IMPORT) {
            // a signature made off the token with the known private key, verified by the token
            Signature s = Signature.getInstance("NONEwithECDSA");
            s.initSign(ecCred.key());
            s.update(hash);
            byte[] raw = derToRaw(s.sign());
            if (perturbed) {
                raw[5] ^= 1;
            }
            p11.C_VerifyInit(session, new CK_MECHANISM(CKM_ECDSA), h[1]);
            try {
                p11.C_Verify(session, hash, raw);
            } catch (PKCS11Exception e) {
                assertEqual(CKR_OK, e.getErrorCode(), "Verify failed.");
            }
        }
    }

    /** prvMultiThreadHelper: TASKS threads, each on its own session, LOOPS iterations; every task must succeed. */
    private void multiThread(boolean perturbed, SessionTask task) throws Exception {
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            sessions.add(openSession());
        }
        findObjects(session, true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            long s = sessions.get(i);
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    for (int k = 0; k < LOOPS; k++) {
                        task.run(perturbed && n == 1 ? CK_INVALID_HANDLE : s);
                    }
                } catch (Throwable e) {
                    failures.add("task " + n + ": " + e.getMessage());
                }
            }, "pkcs11-task-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        for (long s : sessions) {
            p11.C_CloseSession(s);
        }
        if (!failures.isEmpty()) {
            throw new UnityFailure(line(new Exception()), "Multi thread task returned failure: " + failures.peek());
        }
    }

    private void attributeLoop(long s, boolean isEc) throws Exception {
        long[] h = findObjects(s, false);
        if (isEc && !Arrays.equals(P256_OID, bytesAttr(s, h[0], CKA_EC_PARAMS))) {
            throw new IllegalStateException("incorrect EC params");
        }
        byte[] cert = bytesAttr(s, h[2], CKA_VALUE);
        CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(cert));
        try {
            bytesAttr(s, h[0], isEc ? CKA_VALUE : CKA_PRIVATE_EXPONENT);
            throw new IllegalStateException("private key bytes returned");
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_ATTRIBUTE_SENSITIVE) {
                throw e;
            }
        }
    }

    private void signVerifyLoop(long s) throws Exception {
        long[] h = findObjects(s, false);
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xab);
        byte[] sig = signRaw(s, CKM_ECDSA, h[0], hash);
        p11.C_VerifyInit(s, new CK_MECHANISM(CKM_ECDSA), h[1]);
        p11.C_Verify(s, hash, sig);
    }

    // ---- pre-provisioned credentials

    /**
     * A pre-provisioned board comes from the "factory" with its key pair in the token: on the first boot of a fresh
     * factory token the key pair is generated inside it (EC P-256, or RSA-2048 when the image supports only RSA).
     */
    private void factoryProvision() throws Exception {
        if (!preprovisioned) {
            return;
        }
        long s = openSession();
        try {
            session = s;
            if (find(s, privLabel, CKO_PRIVATE_KEY) != CK_INVALID_HANDLE) {
                return;
            }
            if (ec) {
                generateEc(s, privLabel, pubLabel);
                createCertificate(ecCred.cert(), certLabel);
            } else {
                CK_ATTRIBUTE[] pubT = {new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_VERIFY, true),
                        label(pubLabel), new CK_ATTRIBUTE(CKA_MODULUS_BITS, 2048L),
                        new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT, BigInteger.valueOf(65537))};
                CK_ATTRIBUTE[] privT = {new CK_ATTRIBUTE(CKA_TOKEN, true), new CK_ATTRIBUTE(CKA_PRIVATE, true),
                        new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_SIGN, true), label(privLabel)};
                p11.C_GenerateKeyPair(s, new CK_MECHANISM(CKM_RSA_PKCS_KEY_PAIR_GEN), pubT, privT);
                createCertificate(rsaCred.cert(), certLabel);
            }
        } finally {
            p11.C_CloseSession(s);
            session = 0;
        }
    }

    /** The DER SubjectPublicKeyInfo of the public key under the TLS public-key label, as {@code xxd -p} prints it. */
    private String publicKeyHex() {
        try {
            long s = openSession();
            session = s;
            try {
                long pub = find(s, pubLabel, CKO_PUBLIC_KEY);
                if (pub == CK_INVALID_HANDLE) {
                    return "NONE";
                }
                PublicKey k = longAttr(pub, CKA_KEY_TYPE) == CKK_EC ? pointToKey(bytesAttr(pub, CKA_EC_POINT)) : rsaPublic(pub);
                return "KEY " + HexFormat.of().formatHex(k.getEncoded());
            } finally {
                p11.C_CloseSession(s);
                session = 0;
            }
        } catch (Exception e) {
            return "ERROR " + oneLine(e.toString());
        }
    }

    // ---- encodings

    private PublicKey rsaPublic(long h) throws Exception {
        CK_ATTRIBUTE[] t = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
        p11.C_GetAttributeValue(session, h, t);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(t[0].getBigInteger(), t[1].getBigInteger()));
    }

    /** CKA_EC_POINT as FLIT expects it: DER OCTET STRING (04 41) around the uncompressed point. */
    static byte[] ecPoint(ECPublicKey k) {
        byte[] x = unsigned(k.getW().getAffineX(), 32);
        byte[] y = unsigned(k.getW().getAffineY(), 32);
        return concat(new byte[]{0x04, 0x41, 0x04}, concat(x, y));
    }

    private PublicKey pointToKey(byte[] point) throws Exception {
        ECParameterSpec p256 = ((ECPublicKey) ecCred.pub()).getParams();
        byte[] x = Arrays.copyOfRange(point, 3, 35);
        byte[] y = Arrays.copyOfRange(point, 35, 67);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), p256));
    }

    private static boolean jcaVerifyEc(PublicKey pub, byte[] hash, byte[] raw) throws Exception {
        Signature v = Signature.getInstance("NONEwithECDSA");
        v.initVerify(pub);
        v.update(hash);
        return v.verify(rawToDer(raw));
    }

    static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] flip(byte[] b) {
        byte[] c = b.clone();
        c[0] ^= 1;
        return c;
    }

    static byte[] rawToDer(byte[] raw) {
        byte[] r = derInt(Arrays.copyOfRange(raw, 0, raw.length / 2));
        byte[] s = derInt(Arrays.copyOfRange(raw, raw.length / 2, raw.length));
        return concat(new byte[]{0x30, (byte) (r.length + s.length)}, concat(r, s));
    }

    private static byte[] derInt(byte[] v) {
        byte[] b = new BigInteger(1, v).toByteArray();
        return concat(new byte[]{0x02, (byte) b.length}, b);
    }

    static byte[] derToRaw(byte[] der) {
        int off = 2;
        int rl = der[off + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, off + 2, off + 2 + rl));
        off = off + 2 + rl;
        int sl = der[off + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, off + 2, off + 2 + sl));
        return concat(unsigned(r, 32), unsigned(s, 32));
    }
}
