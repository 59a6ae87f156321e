package dev.qualify.samples.virtualboard.pkcs11;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The board's PKCS #11 token: a small Cryptoki module with the semantics the FLIT corePKCS11 tests check, on top of
 * the JCA. One slot with a token; sessions; a mechanism list built from what the JCA provides (SHA-256 digest,
 * ECDSA P-256, EC key-pair generation, RSA PKCS #1 and raw RSA); multi-part SHA-256 digests per session; random
 * numbers from {@link SecureRandom}.
 *
 * <p>Functions return {@code CKR_*} codes; outputs go through {@link Ref}/{@link ULong} holders, where {@code null}
 * plays C's {@code NULL} pointer. Thread-safe: sessions may be used from several threads, as the multithreaded tests
 * do.
 */
public final class Cryptoki {

    // Return values (pkcs11t.h)
    public static final long CKR_OK = 0x00;
    public static final long CKR_SLOT_ID_INVALID = 0x03;
    public static final long CKR_GENERAL_ERROR = 0x05;
    public static final long CKR_ARGUMENTS_BAD = 0x07;
    public static final long CKR_MECHANISM_INVALID = 0x70;
    public static final long CKR_OPERATION_ACTIVE = 0x90;
    public static final long CKR_OPERATION_NOT_INITIALIZED = 0x91;
    public static final long CKR_SESSION_HANDLE_INVALID = 0xB3;
    public static final long CKR_SESSION_PARALLEL_NOT_SUPPORTED = 0xB4;
    public static final long CKR_BUFFER_TOO_SMALL = 0x150;
    public static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190;
    public static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    // Mechanisms
    public static final long CKM_RSA_PKCS = 0x0001;
    public static final long CKM_RSA_X_509 = 0x0003;
    public static final long CKM_SHA256 = 0x0250;
    public static final long CKM_EC_KEY_PAIR_GEN = 0x1040;
    public static final long CKM_ECDSA = 0x1041;

    // Mechanism and session flags
    public static final long CKF_DIGEST = 0x0400;
    public static final long CKF_SIGN = 0x0800;
    public static final long CKF_VERIFY = 0x2000;
    public static final long CKF_GENERATE_KEY_PAIR = 0x10000;
    public static final long CKF_RW_SESSION = 0x02;
    public static final long CKF_SERIAL_SESSION = 0x04;

    public static final long CK_INVALID_HANDLE = 0;
    public static final int SHA256_DIGEST_LENGTH = 32;

    /** The one slot of this module. */
    public static final long SLOT_ID = 1;

    /** An output pointer ({@code CK_X_PTR}). */
    public static final class Ref<T> {
        public T value;
    }

    /** A {@code CK_ULONG_PTR}. */
    public static final class ULong {
        public long value;

        public ULong() {
        }

        public ULong(long value) {
            this.value = value;
        }
    }

    /** {@code CK_MECHANISM_INFO}. */
    public static final class MechanismInfo {
        public long minKeySize;
        public long maxKeySize;
        public long flags;
    }

    /** Where random bytes come from; the JCA by default. */
    @FunctionalInterface
    public interface RandomSource {
        void nextBytes(byte[] bytes);
    }

    private record Mechanism(long min, long max, long flags) {
    }

    private static final class Session {
        MessageDigest digest; // the active digest operation, or null
    }

    private final Object lock = new Object();
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean initialized;
    private volatile Map<Long, Mechanism> mechanisms = Map.of();
    private volatile RandomSource random;

    /** {@code C_GetFunctionList}: the function list is this module. */
    public long getFunctionList(Ref<Cryptoki> functionList) {
        if (functionList == null) {
            return CKR_ARGUMENTS_BAD;
        }
        functionList.value = this;
        return CKR_OK;
    }

    /** {@code C_Initialize}; only {@code null} init arguments are supported. */
    public long initialize(Object initArgs) {
        if (initArgs != null) {
            return CKR_ARGUMENTS_BAD;
        }
        synchronized (lock) {
            if (initialized) {
                return CKR_CRYPTOKI_ALREADY_INITIALIZED;
            }
            mechanisms = probeMechanisms();
            if (random == null) {
                SecureRandom secure = new SecureRandom();
                random = secure::nextBytes;
            }
            initialized = true;
            return CKR_OK;
        }
    }

    /** {@code C_Finalize}: {@code reserved} must be {@code null}; closes every session. */
    public long finalizeModule(Object reserved) {
        if (reserved != null) {
            return CKR_ARGUMENTS_BAD;
        }
        synchronized (lock) {
            if (!initialized) {
                return CKR_CRYPTOKI_NOT_INITIALIZED;
            }
            sessions.clear();
            initialized = false;
            return CKR_OK;
        }
    }

    /** {@code C_GetSlotList}: with {@code slots == null} only the count is returned. */
    public long getSlotList(boolean tokenPresent, long[] slots, ULong count) {
        if (!initialized) {
            return CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        if (count == null) {
            return CKR_ARGUMENTS_BAD;
        }
        long available = 1;
        if (slots == null) {
            count.value = available;
            return CKR_OK;
        }
        if (count.value < available) {
            count.value = available;
            return CKR_BUFFER_TOO_SMALL;
        }
        if (slots.length < available) {
            return CKR_ARGUMENTS_BAD;
        }
        slots[0] = SLOT_ID;
        count.value = available;
        return CKR_OK;
    }

    /** {@code C_OpenSession}; {@link #CKF_SERIAL_SESSION} is mandatory. */
    public long openSession(long slotId, long flags, ULong session) {
        if (!initialized) {
            return CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        if (slotId != SLOT_ID) {
            return CKR_SLOT_ID_INVALID;
        }
        if ((flags & CKF_SERIAL_SESSION) == 0) {
            return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
        }
        if (session == null) {
            return CKR_ARGUMENTS_BAD;
        }
        long handle = nextHandle.getAndIncrement();
        sessions.put(handle, new Session());
        session.value = handle;
        return CKR_OK;
    }

    /** {@code C_CloseSession}. */
    public long closeSession(long session) {
        if (!initialized) {
            return CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        return sessions.remove(session) == null ? CKR_SESSION_HANDLE_INVALID : CKR_OK;
    }

    /** {@code C_GetMechanismInfo}. */
    public long getMechanismInfo(long slotId, long type, MechanismInfo info) {
        if (!initialized) {
            return CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        if (slotId != SLOT_ID) {
            return CKR_SLOT_ID_INVALID;
        }
        if (info == null) {
            return CKR_ARGUMENTS_BAD;
        }
        Mechanism m = mechanisms.get(type);
        if (m == null) {
            return CKR_MECHANISM_INVALID;
        }
        info.minKeySize = m.min();
        info.maxKeySize = m.max();
        info.flags = m.flags();
        return CKR_OK;
    }

    /** {@code C_DigestInit}: SHA-256 only. */
    public long digestInit(long session, long mechanism) {
        Session s = session(session);
        if (s == null) {
            return initialized ? CKR_SESSION_HANDLE_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        Mechanism m = mechanisms.get(mechanism);
        if (m == null || (m.flags() & CKF_DIGEST) == 0) {
            return CKR_MECHANISM_INVALID;
        }
        synchronized (s) {
            if (s.digest != null) {
                return CKR_OPERATION_ACTIVE;
            }
            try {
                s.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                return CKR_GENERAL_ERROR;
            }
        }
        return CKR_OK;
    }

    /** {@code C_DigestUpdate}. */
    public long digestUpdate(long session, byte[] part, int length) {
        Session s = session(session);
        if (s == null) {
            return initialized ? CKR_SESSION_HANDLE_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        synchronized (s) {
            if (s.digest == null) {
                return CKR_OPERATION_NOT_INITIALIZED;
            }
            if (part == null && length > 0) {
                return CKR_ARGUMENTS_BAD;
            }
            if (length > 0) {
                s.digest.update(part, 0, length);
            }
        }
        return CKR_OK;
    }

    /**
     * {@code C_DigestFinal}: with {@code digest == null} only the length is returned and the operation stays active;
     * a too-small buffer returns {@link #CKR_BUFFER_TOO_SMALL} and the operation stays active.
     */
    public long digestFinal(long session, byte[] digest, ULong length) {
        Session s = session(session);
        if (s == null) {
            return initialized ? CKR_SESSION_HANDLE_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        if (length == null) {
            return CKR_ARGUMENTS_BAD;
        }
        synchronized (s) {
            if (s.digest == null) {
                return CKR_OPERATION_NOT_INITIALIZED;
            }
            if (digest == null) {
                length.value = SHA256_DIGEST_LENGTH;
                return CKR_OK;
            }
            if (length.value < SHA256_DIGEST_LENGTH || digest.length < SHA256_DIGEST_LENGTH) {
                length.value = SHA256_DIGEST_LENGTH;
                return CKR_BUFFER_TOO_SMALL;
            }
            byte[] result = s.digest.digest();
            System.arraycopy(result, 0, digest, 0, result.length);
            length.value = result.length;
            s.digest = null;
        }
        return CKR_OK;
    }

    /** {@code C_GenerateRandom}. */
    public long generateRandom(long session, byte[] buffer, int length) {
        Session s = session(session);
        if (s == null) {
            return initialized ? CKR_SESSION_HANDLE_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
        }
        if (buffer == null || length < 0 || length > buffer.length) {
            return CKR_ARGUMENTS_BAD;
        }
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        System.arraycopy(bytes, 0, buffer, 0, length);
        return CKR_OK;
    }

    /** Replaces the random source (a stuck generator for {@code --fail-case}); {@code null} restores the JCA one. */
    public void useRandomSource(RandomSource source) {
        if (source == null) {
            SecureRandom secure = new SecureRandom();
            random = secure::nextBytes;
        } else {
            random = source;
        }
    }

    private Session session(long handle) {
        if (!initialized || handle == CK_INVALID_HANDLE) {
            return null;
        }
        return sessions.get(handle);
    }

    /** The mechanisms the JCA of this JVM can back. */
    private static Map<Long, Mechanism> probeMechanisms() {
        Map<Long, Mechanism> m = new TreeMap<>();
        if (available("MessageDigest", "SHA-256")) {
            m.put(CKM_SHA256, new Mechanism(0, 0, CKF_DIGEST));
        }
        if (available("Signature", "NONEwithECDSA")) {
            m.put(CKM_ECDSA, new Mechanism(256, 256, CKF_SIGN | CKF_VERIFY));
        }
        if (available("KeyPairGenerator", "EC")) {
            m.put(CKM_EC_KEY_PAIR_GEN, new Mechanism(256, 256, CKF_GENERATE_KEY_PAIR));
        }
        if (available("Signature", "NONEwithRSA")) {
            m.put(CKM_RSA_PKCS, new Mechanism(2048, 4096, CKF_SIGN | CKF_VERIFY));
        }
        if (available("Cipher", "RSA")) {
            m.put(CKM_RSA_X_509, new Mechanism(2048, 4096, CKF_VERIFY));
        }
        return m;
    }

    private static boolean available(String service, String algorithm) {
        return !Security.getAlgorithms(service).stream()
                .filter(a -> a.equalsIgnoreCase(algorithm))
                .findAny().isEmpty();
    }
}
