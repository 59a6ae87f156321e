package dev.qualify.cloud.advisor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cipher suites AWS IoT Core accepts and the ones Device Advisor recommends, by IANA code point (AWS IoT
 * developer guide, "Transport security in AWS IoT Core"; the recommended ones are the ECDHE AES-GCM suites and the
 * TLS 1.3 suites).
 */
public final class CipherSuites {
    private static final Map<Integer, String> SUPPORTED = new LinkedHashMap<>();
    private static final Set<Integer> RECOMMENDED = Set.of(0xC02B, 0xC02F, 0xC02C, 0xC030, 0x1301, 0x1302, 0x1303);
    /** Signalling values that are not cipher suites (RFC 5746 renegotiation info, RFC 7507 fallback). */
    private static final Set<Integer> SIGNALLING = Set.of(0x00FF, 0x5600);

    static {
        SUPPORTED.put(0x1301, "TLS_AES_128_GCM_SHA256");
        SUPPORTED.put(0x1302, "TLS_AES_256_GCM_SHA384");
        SUPPORTED.put(0x1303, "TLS_CHACHA20_POLY1305_SHA256");
        SUPPORTED.put(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        SUPPORTED.put(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        SUPPORTED.put(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        SUPPORTED.put(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        SUPPORTED.put(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        SUPPORTED.put(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        SUPPORTED.put(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        SUPPORTED.put(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        SUPPORTED.put(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
        SUPPORTED.put(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        SUPPORTED.put(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        SUPPORTED.put(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        SUPPORTED.put(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256");
        SUPPORTED.put(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256");
        SUPPORTED.put(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA");
        SUPPORTED.put(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384");
        SUPPORTED.put(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256");
        SUPPORTED.put(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA");
    }

    private CipherSuites() {
    }

    /** Recommended by Device Advisor. */
    public static boolean recommended(int code) {
        return RECOMMENDED.contains(code);
    }

    /** Accepted by AWS IoT Core (recommended ones included). */
    public static boolean supported(int code) {
        return SUPPORTED.containsKey(code);
    }

    /** A signalling value or GREASE (RFC 8701), not a cipher suite: never judged. */
    public static boolean signalling(int code) {
        return SIGNALLING.contains(code) || (code & 0x0F0F) == 0x0A0A;
    }

    /** The (IANA and JDK) names of the suites AWS IoT Core accepts, TLS 1.3 ones first. */
    public static java.util.List<String> supportedNames() {
        return java.util.List.copyOf(SUPPORTED.values());
    }

    /** The IANA name of a suite AWS IoT knows, else its code in hex. */
    public static String name(int code) {
        String n = SUPPORTED.get(code);
        return n != null ? n : String.format("0x%04X", code);
    }
}
