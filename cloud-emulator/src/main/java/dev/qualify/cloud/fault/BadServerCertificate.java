package dev.qualify.cloud.fault;

/** The kinds of bad server certificate an extra listener can serve, after Device Advisor's TLS tests. */
public enum BadServerCertificate {
    /** Signed by the run's CA, but names {@code wrong-name.invalid} instead of localhost / 127.0.0.1. */
    WRONG_NAME,
    /** Correct names, signed by a CA the device does not trust. */
    UNTRUSTED_CA,
    /** Correct names and CA, validity ended yesterday. */
    EXPIRED,
    /** Correct names and CA, padded to about 8 KiB (a device must still complete the handshake). */
    OVERSIZED
}
