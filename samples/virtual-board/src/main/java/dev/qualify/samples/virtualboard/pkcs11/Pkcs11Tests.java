package dev.qualify.samples.virtualboard.pkcs11;

import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.qualify.samples.virtualboard.pkcs11.Cryptoki.*;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.*;

/**
 * The device side of FLIT's {@code core_pkcs11_test.c} groups {@code Full_PKCS11_StartFinish},
 * {@code Full_PKCS11_Capabilities} and {@code Full_PKCS11_NoObject}, run against the board's {@link Cryptoki} token
 * with FLIT's checks, setups, tear-downs and group preambles.
 *
 * <p>Two deliberate differences from FLIT: {@code PKCS11_Digest} also checks the SHA-256 vectors of {@code ""} and
 * {@code "abc"}, and the random tests accept up to 4 equal bytes at the same position of two 10-byte draws (FLIT
 * accepts 1, which fails a perfect generator about once in 700 runs); the multithreaded random test also checks
 * that all draws of all threads differ.
 *
 * <p>What {@code --fail-case} does to each test (the check then fails on its own):
 * StartFinish_FirstTest passes NULL to C_GetFunctionList; GetFunctionList passes a valid pointer where NULL is
 * checked; InitializeFinalize finalizes between the two initializations; GetSlotList claims a buffer of the right
 * size where a too-small one is checked; OpenSessionCloseSession does not finalize before the negative open;
 * Capabilities asks for SHA-256 on a slot that does not exist; Digest flips a bit of the input; Digest_ErrorConditions
 * uses the valid SHA-256 mechanism where an invalid one is checked; GenerateRandom and GenerateRandomMultiThread use
 * a stuck random generator.
 */
public final class Pkcs11Tests {

    /** Group and case names, in FLIT order. */
    public static final Map<String, List<String>> CASES = casesByGroup();

    private static Map<String, List<String>> casesByGroup() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("Full_PKCS11_StartFinish", List.of("PKCS11_StartFinish_FirstTest", "PKCS11_GetFunctionList",
                "PKCS11_InitializeFinalize", "PKCS11_GetSlotList", "PKCS11_OpenSessionCloseSession"));
        m.put("Full_PKCS11_Capabilities", List.of("PKCS11_Capabilities"));
        m.put("Full_PKCS11_NoObject", List.of("PKCS11_Digest", "PKCS11_Digest_ErrorConditions",
                "PKCS11_GenerateRandom", "PKCS11_GenerateRandomMultiThread"));
        return Collections.unmodifiableMap(m);
    }

    private static final String FILE = "core_pkcs11_test.c";
    private static final int RAND_BUFFER_SIZE = 10;
    private static final int MULTI_THREAD_TASK_COUNT = 2;
    private static final int MULTI_THREAD_LOOP_COUNT = 10;
    private static final long WAIT_THREAD_TIMEOUT_MS = 120_000;
    private static final int RSA_2048_MODULUS_BITS = 2048;
    private static final int ECDSA_P256_KEY_BITS = 256;

    private static final byte[] INPUT_896 = ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").getBytes(StandardCharsets.US_ASCII);
    private static final String SHA256_OF_896 = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
    private static final String SHA256_OF_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private final Cryptoki token;
    private final boolean preprovisioned;
    private Cryptoki functions;
    private long globalSession;

    /**
     * @param token          the board's token (one per boot)
     * @param preprovisioned {@code PKCS11_TEST_PREPROVISIONED_SUPPORT} of the image
     */
    public Pkcs11Tests(Cryptoki token, boolean preprovisioned) {
        this.token = token;
        this.preprovisioned = preprovisioned;
    }

    /** The three groups, in the order FLIT's {@code RunPkcs11Test()} runs them. */
    public List<TestGroup> groups() {
        TestGroup.Fixture openGlobalSession = () -> {
            assertEqual(CKR_OK, initializePkcs11(), "Failed to initialize PKCS #11 module.");
            Cryptoki.ULong session = new Cryptoki.ULong();
            assertEqual(CKR_OK, initializePkcs11Session(session), "Failed to open PKCS #11 session.");
            globalSession = session.value;
        };
        TestGroup.Fixture closeGlobalSession = () -> {
            assertEqual(CKR_OK, functions.closeSession(globalSession), "Failed to close session.");
            assertEqual(CKR_OK, functions.finalizeModule(null), "Failed to finalize session.");
        };
        return List.of(
                new TestGroup("Full_PKCS11_StartFinish", FILE, TestGroup.Fixture.NONE, TestGroup.Fixture.NONE,
                        TestGroup.Fixture.NONE, List.of(
                        TestCase.of("PKCS11_StartFinish_FirstTest", this::startFinishFirstTest),
                        TestCase.of("PKCS11_GetFunctionList", this::getFunctionList),
                        TestCase.of("PKCS11_InitializeFinalize", this::initializeFinalize),
                        TestCase.of("PKCS11_GetSlotList", this::getSlotList),
                        TestCase.of("PKCS11_OpenSessionCloseSession", this::openSessionCloseSession))),
                new TestGroup("Full_PKCS11_Capabilities", FILE, this::beforeRunningTests, openGlobalSession,
                        closeGlobalSession, List.of(
                        TestCase.of("PKCS11_Capabilities", this::capabilities))),
                new TestGroup("Full_PKCS11_NoObject", FILE, this::beforeRunningTests, openGlobalSession,
                        closeGlobalSession, List.of(
                        TestCase.of("PKCS11_Digest", this::digest),
                        TestCase.of("PKCS11_Digest_ErrorConditions", this::digestErrorConditions),
                        TestCase.of("PKCS11_GenerateRandom", this::generateRandom),
                        TestCase.of("PKCS11_GenerateRandomMultiThread", this::generateRandomMultiThread))));
    }

    // ---- helpers (FLIT prvBeforeRunningTests, xInitializePKCS11, xInitializePkcs11Session, prvGetTestSlotId)

    private long beforeRunningTestsResult(boolean perturbed) {
        Cryptoki.Ref<Cryptoki> list = perturbed ? null : new Cryptoki.Ref<>();
        long rv = token.getFunctionList(list);
        if (rv == CKR_OK) {
            functions = list.value;
            functions.finalizeModule(null);
        }
        return rv;
    }

    private void beforeRunningTests() {
        beforeRunningTestsResult(false);
    }

    private long initializePkcs11() {
        Cryptoki.Ref<Cryptoki> list = new Cryptoki.Ref<>();
        long rv = token.getFunctionList(list);
        if (rv == CKR_OK) {
            functions = list.value;
            rv = functions.initialize(null);
        }
        return rv;
    }

    private long initializePkcs11Session(Cryptoki.ULong session) {
        long rv = initializePkcs11();
        if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            rv = CKR_OK;
        }
        if (rv != CKR_OK) {
            return rv;
        }
        Cryptoki.ULong count = new Cryptoki.ULong();
        rv = functions.getSlotList(true, null, count);
        if (rv != CKR_OK) {
            return rv;
        }
        long[] slots = new long[(int) count.value];
        rv = functions.getSlotList(true, slots, count);
        if (rv != CKR_OK) {
            return rv;
        }
        return functions.openSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION, session);
    }

    private long testSlotId() {
        Cryptoki.ULong count = new Cryptoki.ULong();
        assertEqual(CKR_OK, functions.getSlotList(true, null, count), "Failed to get slot count.");
        assertGreaterThan(0, count.value, "Slot count incorrectly updated.");
        long[] slots = new long[(int) count.value];
        assertEqual(CKR_OK, functions.getSlotList(true, slots, count), "Failed to get slot count.");
        return slots[0];
    }

    private Cryptoki functionList() {
        Cryptoki.Ref<Cryptoki> list = new Cryptoki.Ref<>();
        assertEqual(CKR_OK, token.getFunctionList(list),
                "C_GetFunctionList should returns CKR_OK with valid parameter.");
        assertNotNull(list.value, "C_GetFunctionList should returns valid function list pointer.");
        return list.value;
    }

    // ---- Full_PKCS11_StartFinish

    private void startFinishFirstTest(boolean perturbed) {
        long rv = beforeRunningTestsResult(perturbed);
        if (rv == CKR_CRYPTOKI_NOT_INITIALIZED) {
            rv = CKR_OK;
        }
        assertEqual(CKR_OK, rv,
                "Setup for the PKCS #11 routine failed.  Test module will start in an unknown state.");
    }

    private void getFunctionList(boolean perturbed) {
        long rv = token.getFunctionList(perturbed ? new Cryptoki.Ref<>() : null);
        assertEqual(CKR_ARGUMENTS_BAD, rv,
                "CKR_ARGUMENTS_BAD should be returned if C_GetFunctionList is called with NULL pointer.");
        Cryptoki.Ref<Cryptoki> list = new Cryptoki.Ref<>();
        assertEqual(CKR_OK, token.getFunctionList(list),
                "C_GetFunctionList should returns CKR_OK with valid parameter.");
        assertNotNull(list.value, "C_GetFunctionList should returns valid function list pointer.");
    }

    private void initializeFinalize(boolean perturbed) {
        Cryptoki.Ref<Cryptoki> list = new Cryptoki.Ref<>();
        assertEqual(CKR_OK, token.getFunctionList(list), "Failed to get function list.");
        assertNotNull(list.value, "Invalid function list pointer.");
        Cryptoki f = list.value;
        assertEqual(CKR_OK, initializePkcs11(), "Failed to initialize PKCS #11 module.");
        try {
            if (perturbed) {
                f.finalizeModule(null);
            }
            assertEqual(CKR_CRYPTOKI_ALREADY_INITIALIZED, initializePkcs11(),
                    "Second PKCS #11 module initialization. ");
            assertEqual(CKR_ARGUMENTS_BAD, f.finalizeModule(0x1234L), "Negative Test: Finalize with invalid argument.");
        } finally {
            if (perturbed) {
                f.finalizeModule(null);
            }
        }
        assertEqual(CKR_OK, f.finalizeModule(null), "Finalize failed.");
        assertEqual(CKR_CRYPTOKI_NOT_INITIALIZED, f.finalizeModule(null), "Second PKCS #11 finalization failed.");
    }

    private void getSlotList(boolean perturbed) {
        functions = functionList();
        assertEqual(CKR_OK, initializePkcs11(), "Failed to initialize PKCS #11 module.");
        try {
            Cryptoki.ULong count = new Cryptoki.ULong();
            assertEqual(CKR_OK, functions.getSlotList(true, null, count), "Failed to get slot count.");
            assertGreaterThan(0, count.value, "Slot count incorrectly updated.");
            long[] slots = new long[(int) count.value + 1];
            assertEqual(CKR_OK, functions.getSlotList(true, slots, count), "Failed to get slot count.");
            Cryptoki.ULong extra = new Cryptoki.ULong(count.value + 1);
            assertEqual(CKR_OK, functions.getSlotList(true, slots, extra), "Failed to get slot list.");
            assertEqual(count.value, extra.value, "Failed to update the number of slots.");
            Cryptoki.ULong tooSmall = new Cryptoki.ULong(perturbed ? count.value : 0);
            assertEqual(CKR_BUFFER_TOO_SMALL, functions.getSlotList(true, slots, tooSmall),
                    "Negative Test: Improper handling of too-small slot buffer.");
        } finally {
            functions.finalizeModule(null);
        }
    }

    private void openSessionCloseSession(boolean perturbed) {
        functions = functionList();
        assertEqual(CKR_OK, initializePkcs11(), "Failed to initialize PKCS #11 module.");
        long slotId = 0;
        Cryptoki.ULong session = new Cryptoki.ULong();
        boolean open = false;
        try {
            slotId = testSlotId();
            assertEqual(CKR_OK, functions.openSession(slotId, CKF_SERIAL_SESSION, session),
                    "Failed to open session.");
            open = true;
        } finally {
            if (open) {
                assertEqual(CKR_OK, functions.closeSession(session.value), "Failed to close session.");
            }
            if (!perturbed) {
                functions.finalizeModule(null);
            }
        }
        try {
            assertEqual(CKR_CRYPTOKI_NOT_INITIALIZED,
                    functions.openSession(slotId, CKF_SERIAL_SESSION, session),
                    "Negative Test: Opened a session before initializing module.");
        } finally {
            if (perturbed) {
                functions.finalizeModule(null);
            }
        }
    }

    // ---- Full_PKCS11_Capabilities

    private void capabilities(boolean perturbed) {
        long slot = testSlotId();
        Cryptoki.MechanismInfo info = new Cryptoki.MechanismInfo();
        long rv = functions.getMechanismInfo(slot, CKM_RSA_PKCS, info);
        assertTrue(rv == CKR_OK || rv == CKR_MECHANISM_INVALID,
                "C_GetMechanismInfo CKM_RSA_PKCS returns unexpected value.");
        if (rv == CKR_OK) {
            assertTrue((info.flags & CKF_SIGN) != 0, null);
            assertTrue(info.maxKeySize >= RSA_2048_MODULUS_BITS && info.minKeySize <= RSA_2048_MODULUS_BITS, null);
            assertTrue(functions.getMechanismInfo(slot, CKM_RSA_X_509, info) == CKR_OK, null);
            assertTrue((info.flags & CKF_VERIFY) != 0, null);
            assertTrue(info.maxKeySize >= RSA_2048_MODULUS_BITS && info.minKeySize <= RSA_2048_MODULUS_BITS, null);
        }
        rv = functions.getMechanismInfo(slot, CKM_ECDSA, info);
        assertTrue(rv == CKR_OK || rv == CKR_MECHANISM_INVALID, null);
        if (rv == CKR_OK) {
            assertTrue((info.flags & (CKF_SIGN | CKF_VERIFY)) != 0, null);
            assertTrue(info.maxKeySize >= ECDSA_P256_KEY_BITS && info.minKeySize <= ECDSA_P256_KEY_BITS, null);
        }
        if (!preprovisioned) {
            rv = functions.getMechanismInfo(slot, CKM_EC_KEY_PAIR_GEN, info);
            assertTrue(rv == CKR_OK || rv == CKR_MECHANISM_INVALID, null);
            if (rv == CKR_OK) {
                assertTrue((info.flags & CKF_GENERATE_KEY_PAIR) != 0, null);
                assertTrue(info.maxKeySize >= ECDSA_P256_KEY_BITS && info.minKeySize <= ECDSA_P256_KEY_BITS, null);
            }
        }
        long digestSlot = perturbed ? slot + 1000 : slot;
        assertEqual(CKR_OK, functions.getMechanismInfo(digestSlot, CKM_SHA256, info),
                "SHA-256 support is required: C_GetMechanismInfo CKM_SHA256 should return CKR_OK.");
        assertTrue((info.flags & CKF_DIGEST) != 0, "CKM_SHA256 should have the CKF_DIGEST flag.");
    }

    // ---- Full_PKCS11_NoObject

    private void digest(boolean perturbed) {
        byte[] input = INPUT_896.clone();
        if (perturbed) {
            input[0] ^= 0x01;
        }
        checkDigest(input, SHA256_OF_896);
        checkDigest(new byte[0], SHA256_OF_EMPTY);
        checkDigest("abc".getBytes(StandardCharsets.US_ASCII), SHA256_OF_ABC);
    }

    private void checkDigest(byte[] input, String expectedHex) {
        assertEqual(CKR_OK, functions.digestInit(globalSession, CKM_SHA256), null);
        assertEqual(CKR_OK, functions.digestUpdate(globalSession, input, input.length), null);
        Cryptoki.ULong length = new Cryptoki.ULong();
        assertEqual(CKR_OK, functions.digestFinal(globalSession, null, length), null);
        assertEqual(SHA256_DIGEST_LENGTH, length.value, null);
        byte[] result = new byte[SHA256_DIGEST_LENGTH];
        assertEqual(CKR_OK, functions.digestFinal(globalSession, result, length), null);
        assertEqualInt8Array(HexFormat.of().parseHex(expectedHex), result, SHA256_DIGEST_LENGTH, null);
    }

    private void digestErrorConditions(boolean perturbed) {
        byte[] result = new byte[SHA256_DIGEST_LENGTH];
        assertEqual(CKR_MECHANISM_INVALID, functions.digestInit(globalSession, perturbed ? CKM_SHA256 : 0x253), null);
        assertEqual(CKR_SESSION_HANDLE_INVALID, functions.digestInit(CK_INVALID_HANDLE, CKM_SHA256), null);
        assertEqual(CKR_OPERATION_NOT_INITIALIZED, functions.digestUpdate(globalSession, INPUT_896, INPUT_896.length),
                null);
        assertEqual(CKR_OK, functions.digestInit(globalSession, CKM_SHA256), null);
        assertEqual(CKR_SESSION_HANDLE_INVALID,
                functions.digestUpdate(CK_INVALID_HANDLE, INPUT_896, INPUT_896.length), null);
        assertEqual(CKR_OK, functions.digestUpdate(globalSession, INPUT_896, INPUT_896.length), null);
        Cryptoki.ULong length = new Cryptoki.ULong(SHA256_DIGEST_LENGTH - 1);
        assertEqual(CKR_BUFFER_TOO_SMALL, functions.digestFinal(globalSession, result, length), null);
        length.value = SHA256_DIGEST_LENGTH;
        assertEqual(CKR_SESSION_HANDLE_INVALID, functions.digestFinal(CK_INVALID_HANDLE, result, length), null);
        length.value = SHA256_DIGEST_LENGTH;
        assertEqual(CKR_OK, functions.digestFinal(globalSession, result, length), null);
        assertEqualInt8Array(HexFormat.of().parseHex(SHA256_OF_896), result, SHA256_DIGEST_LENGTH, null);
        assertEqual(CKR_OPERATION_NOT_INITIALIZED, functions.digestUpdate(globalSession, INPUT_896, INPUT_896.length),
                null);
    }

    private static final Cryptoki.RandomSource STUCK = bytes -> Arrays.fill(bytes, (byte) 0x5A);

    private void generateRandom(boolean perturbed) {
        if (perturbed) {
            functions.useRandomSource(STUCK);
        }
        try {
            byte[] buf1 = new byte[RAND_BUFFER_SIZE];
            byte[] buf2 = new byte[RAND_BUFFER_SIZE];
            byte[] buf3 = new byte[RAND_BUFFER_SIZE];
            long rv = functions.generateRandom(globalSession, buf1, RAND_BUFFER_SIZE);
            if (rv == CKR_OK) {
                rv = functions.generateRandom(globalSession, buf2, RAND_BUFFER_SIZE);
            }
            if (rv == CKR_OK) {
                functions.closeSession(globalSession);
            }
            Cryptoki.ULong session = new Cryptoki.ULong();
            rv = initializePkcs11Session(session);
            globalSession = session.value;
            if (rv == CKR_OK) {
                rv = functions.generateRandom(globalSession, buf3, RAND_BUFFER_SIZE);
            }
            assertEqual(CKR_OK, rv, "C_GenerateRandom returns unexpected value.");
            int sameSession = 0;
            int differentSessions = 0;
            for (int i = 0; i < RAND_BUFFER_SIZE; i++) {
                if (buf1[i] == buf2[i]) {
                    sameSession++;
                }
                if (buf1[i] == buf3[i]) {
                    differentSessions++;
                }
            }
            assertLessThan(5, sameSession, "Two random draws in one session should differ.");
            assertLessThan(5, differentSessions, "Random draws in two sessions should differ.");
            assertTrue(!Arrays.equals(buf1, buf2), "Two random draws in one session are identical.");
        } finally {
            if (perturbed) {
                functions.useRandomSource(null);
            }
        }
    }

    private void generateRandomMultiThread(boolean perturbed) throws InterruptedException {
        if (perturbed) {
            functions.useRandomSource(STUCK);
        }
        long[] sessions = new long[MULTI_THREAD_TASK_COUNT];
        long[] results = new long[MULTI_THREAD_TASK_COUNT];
        ConcurrentLinkedQueue<String> draws = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int t = 0; t < MULTI_THREAD_TASK_COUNT; t++) {
                Cryptoki.ULong session = new Cryptoki.ULong();
                initializePkcs11Session(session);
                sessions[t] = session.value;
            }
            for (int t = 0; t < MULTI_THREAD_TASK_COUNT; t++) {
                int task = t;
                Thread thread = new Thread(() -> {
                    long rv = CKR_OK;
                    byte[] data = new byte[RAND_BUFFER_SIZE];
                    for (int i = 0; i < MULTI_THREAD_LOOP_COUNT; i++) {
                        rv = functions.generateRandom(sessions[task], data, data.length);
                        if (rv != CKR_OK) {
                            break;
                        }
                        draws.add(HexFormat.of().formatHex(data));
                    }
                    results[task] = rv;
                }, "pkcs11-random-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            for (int t = 0; t < MULTI_THREAD_TASK_COUNT; t++) {
                threads.get(t).join(WAIT_THREAD_TIMEOUT_MS);
                if (threads.get(t).isAlive()) {
                    results[t] = CKR_GENERAL_ERROR;
                }
            }
        } finally {
            for (long s : sessions) {
                if (s != CK_INVALID_HANDLE) {
                    functions.closeSession(s);
                }
            }
            if (perturbed) {
                functions.useRandomSource(null);
            }
        }
        for (int t = 0; t < MULTI_THREAD_TASK_COUNT; t++) {
            assertEqual(CKR_OK, results[t], "Multi thread task " + t + " returned failure.");
        }
        Set<String> distinct = new HashSet<>(draws);
        assertEqual((long) MULTI_THREAD_TASK_COUNT * MULTI_THREAD_LOOP_COUNT, distinct.size(),
                "The random draws of all threads should differ.");
    }
}
