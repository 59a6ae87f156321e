package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.util.Map;

/**
 * A device as the report names it.
 *
 * @param id          device id
 * @param poolId      pool id
 * @param connection  how it was reached, e.g. {@code tcp-serial 127.0.0.1:47101}; no secrets
 * @param features    pool features, e.g. {@code PKCS11=ECC}
 * @param config      the device's configuration section with secrets redacted (IDT's {@code connectivity},
 *                    {@code identifiers}, {@code properties} such as {@code sku}); empty when unknown
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record DeviceInfo(String id, String poolId, String connection, Map<String, String> features,
                         Map<String, Object> config) {
    public DeviceInfo {
        features = Map.copyOf(features);
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    }

    /** A device whose configuration section is not known. */
    public DeviceInfo(String id, String poolId, String connection, Map<String, String> features) {
        this(id, poolId, connection, features, Map.of());
    }
}
