package dev.qualify.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qualify.api.support.Secrets;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of what a config says about the qualification a run makes: the suite's id and parameters, and the
 * pool's SKU and features. It leaves out the devices (their ports, power and build tools), so shards that hosts
 * with different boards ran can be merged, and a run can be resumed after a board moved to another port; any
 * change of a suite parameter or a feature gives another digest. Secret values are left out (a digest of a short
 * PIN could be guessed back), so changing only a secret does not change it.
 *
 * <p>It is the SHA-256 of the canonical JSON of those values (keys sorted), as {@code sha256:<hex>}.
 */
public final class ConfigDigest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ConfigDigest() {
    }

    /** The digest of {@code config} for a run of suite {@code suiteId} on {@code pool}. */
    public static String of(QualifyConfig config, PoolSpec pool, String suiteId) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("suite", suiteId);
        what.put("parameters", Secrets.redactMap(config.suites().getOrDefault(suiteId, Map.of())));
        what.put("sku", pool.sku());
        what.put("features", new TreeMap<>(pool.features()));
        try {
            byte[] canonical = JSON.writeValueAsBytes(what);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the config's suite parameters cannot be written as JSON: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Compact form for messages: the first 12 hex digits. */
    public static String shortForm(String digest) {
        if (digest == null) return "none";
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
