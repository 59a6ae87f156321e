package dev.qualify.core.config;

import java.util.List;
import java.util.Map;

/**
 * A pool of identical devices.
 *
 * @param id       pool id
 * @param sku      the product SKU, may be null
 * @param features feature name to value (IDT {@code features}: {@code PKCS11: ECC})
 * @param devices  at least one
 */
public record PoolSpec(String id, String sku, Map<String, String> features, List<DeviceSpec> devices) {
    public PoolSpec {
        features = Map.copyOf(features);
        devices = List.copyOf(devices);
    }
}
