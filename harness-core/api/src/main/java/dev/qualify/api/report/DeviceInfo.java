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
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record DeviceInfo(String id, String poolId, String connection, Map<String, String> features) {
    public DeviceInfo {
        features = Map.copyOf(features);
    }
}
