package dev.qualify.core.config;

import dev.qualify.api.support.Durations;
import dev.qualify.api.support.Suggestions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.core.process.JsonPathPlaceholders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Qualify config (YAML, or JSON when the file ends in {@code .json}) and validates it completely before
 * anything touches a device. Every error is a {@link ConfigException} naming file, line, column and key, with a
 * suggestion. Unknown keys are errors ("did you mean ...").
 *
 * <p>The shape is designed so IDT's {@code device.json} maps onto {@code pools} field for field ({@code id},
 * {@code sku}, {@code features} as IDT's name/value list or a map, {@code devices[].id},
 * {@code devices[].connectivity}, {@code devices[].identifiers}) and {@code userdata.json} onto a suite's
 * parameters.
 */
public final class ConfigLoader {
    static final Set<String> TOP_KEYS = Set.of("pools", "suites", "cloud", "version");
    static final Set<String> POOL_KEYS = Set.of("id", "sku", "features", "devices", "console", "power", "build",
            "flash", "shell", "boot");
    static final Set<String> DEVICE_KEYS = Set.of("id", "identifiers", "connectivity", "console", "power", "build",
            "flash", "shell", "boot", "properties", "operatingSystem", "secureElementConfig", "pairedResource");
    static final Set<String> BOOT_KEYS = Set.of("banner", "ready", "handshake", "answer", "timeout", "testTimeout",
            "deathStrings", "imageIdentity");
    private static final Set<String> RESOURCE_SECTIONS = DriverRegistry.SECTIONS.keySet();

    private final DriverRegistry drivers;
    private final Map<String, dev.qualify.api.cloud.CloudProvider> clouds = new java.util.TreeMap<>();
    private final Set<String> cloudTypes;

    /**
     * @param drivers the drivers whose settings sections are validated
     * @param clouds  the cloud providers available; the {@code cloud} section is validated by the one it names
     */
    public ConfigLoader(DriverRegistry drivers, java.util.Collection<dev.qualify.api.cloud.CloudProvider> clouds) {
        this.drivers = drivers;
        for (dev.qualify.api.cloud.CloudProvider c : clouds) this.clouds.put(c.type(), c);
        this.cloudTypes = this.clouds.keySet();
    }

    private java.util.function.Consumer<String> warnings = w -> System.err.println("qualify: warning: " + w);

    /** Where warnings about an IDT folder's fields go; standard error by default. */
    public ConfigLoader onWarning(java.util.function.Consumer<String> sink) {
        this.warnings = sink;
        return this;
    }

    /** An IDT configuration folder (or {@code --userdata FILE} in it), its warnings given to {@link #onWarning}. */
    public dev.qualify.core.config.idt.IdtConfig loadIdt(Path path, Path userdata) {
        var idt = new dev.qualify.core.config.idt.IdtConfigReader(drivers, System::getenv).read(path, userdata);
        idt.warnings().forEach(warnings);
        return idt;
    }

    public QualifyConfig load(Path file) {
        if (dev.qualify.core.config.idt.IdtConfigReader.isIdt(file)) return loadIdt(file, null).config();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new SourceLocation(file, 0, 0), "--config", "file not found",
                    "pass an existing file with --config, e.g. configs/demo/qualify.yaml");
        } catch (IOException e) {
            throw new ConfigException(new SourceLocation(file, 0, 0), "--config", "cannot read: " + e.getMessage(),
                    "check the file's permissions");
        }
        boolean json = file.getFileName().toString().toLowerCase().endsWith(".json");
        ObjectMapper mapper = json ? JsonMapper.builder().build() : new YAMLMapper();
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        JsonNode root;
        SourceLocator locator;
        try {
            root = mapper.readTree(content);
            locator = SourceLocator.scan(file, content, factory);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw new ConfigException(new SourceLocation(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr()),
                    "(syntax)", (json ? "invalid JSON: " : "invalid YAML: ") + msg,
                    json ? "check commas, quotes and brackets near this place"
                            : "check the indentation: keys of one mapping must start in the same column, and use spaces, not tabs");
        } catch (IOException e) {
            throw new ConfigException(new SourceLocation(file, 0, 0), "--config", "cannot read: " + e.getMessage(), null);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(new SourceLocation(file, 1, 1), "(file)", "the file is empty",
                    "start from configs/demo/qualify.yaml");
        }
        return new Reader(file, locator, mapper).read(root);
    }

    /** One pass over one file. */
    private final class Reader {
        private final Path file;
        private final SourceLocator locator;
        private final ObjectMapper mapper;

        Reader(Path file, SourceLocator locator, ObjectMapper mapper) {
            this.file = file;
            this.locator = locator;
            this.mapper = mapper;
        }

        QualifyConfig read(JsonNode root) {
            object(root, "", "(top level)", TOP_KEYS);
            JsonNode pools = required(root, "", "pools");
            if (!pools.isArray() || pools.isEmpty()) {
                throw error("/pools", "pools", "must be a non-empty list of pools", "add a pool: pools: [{id: my-pool, devices: [...]}]");
            }
            List<PoolSpec> poolSpecs = new ArrayList<>();
            Set<String> poolIds = new HashSet<>();
            Set<String> deviceIds = new HashSet<>();
            for (int i = 0; i < pools.size(); i++) {
                PoolSpec p = pool(pools.get(i), "/pools/" + i, deviceIds);
                if (!poolIds.add(p.id())) {
                    throw error("/pools/" + i + "/id", "pools[" + i + "].id", "duplicate pool id '" + p.id() + "'", "give each pool its own id");
                }
                poolSpecs.add(p);
            }
            Map<String, Map<String, Object>> suites = new LinkedHashMap<>();
            JsonNode s = root.get("suites");
            if (s != null) {
                object(s, "/suites", "suites", null);
                for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                    String id = it.next();
                    JsonNode params = s.get(id);
                    object(params, "/suites/" + id, "suites." + id, null);
                    suites.put(id, plain(params));
                }
            }
            ResourceSpec cloud = cloud(root.get("cloud"));
            return new QualifyConfig(file, poolSpecs, suites, cloud, locator);
        }

        private ResourceSpec cloud(JsonNode node) {
            if (node == null) return new ResourceSpec("emulated", Map.of(), "/cloud");
            object(node, "/cloud", "cloud", null);
            String type = node.has("type") ? text(node.get("type"), "/cloud/type", "cloud.type") : "emulated";
            if (!clouds.containsKey(type)) {
                throw error("/cloud/type", "cloud.type", "unknown cloud type '" + type + "'",
                        hint(type, cloudTypes, "available: " + cloudTypes));
            }
            Map<String, Object> settings = plain(node);
            settings.remove("type");
            try {
                clouds.get(type).validate(settings, QualifyConfig.baseDirOf(file));
            } catch (dev.qualify.api.driver.SettingsException e) {
                String key = e.key() == null ? "" : "/" + e.key().replace(".", "/");
                throw error("/cloud" + key, "cloud" + (e.key() == null ? "" : "." + e.key()), e.getMessage(),
                        e.suggestion() != null ? e.suggestion() : "see docs/cloud.md for the cloud settings");
            } catch (RuntimeException e) {
                throw error("/cloud", "cloud", e.getMessage(), "see docs/configuration.md for the cloud settings");
            }
            return new ResourceSpec(type, settings, "/cloud");
        }

        private PoolSpec pool(JsonNode node, String ptr, Set<String> deviceIds) {
            String key = keyName(ptr);
            object(node, ptr, key, POOL_KEYS);
            String id = text(required(node, ptr, "id"), ptr + "/id", key + ".id");
            String sku = node.has("sku") ? text(node.get("sku"), ptr + "/sku", key + ".sku") : null;
            Map<String, String> features = features(node.get("features"), ptr + "/features", key + ".features");
            JsonNode devices = required(node, ptr, "devices");
            if (!devices.isArray() || devices.isEmpty()) {
                throw error(ptr + "/devices", key + ".devices", "must be a non-empty list of devices", "add a device: devices: [{id: board-1, console: {...}}]");
            }
            List<DeviceSpec> specs = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                DeviceSpec d = device(devices.get(i), ptr + "/devices/" + i, node, ptr);
                if (!deviceIds.add(d.id())) {
                    throw error(ptr + "/devices/" + i + "/id", keyName(ptr + "/devices/" + i) + ".id",
                            "duplicate device id '" + d.id() + "'", "device ids must be unique across all pools");
                }
                specs.add(d);
            }
            return new PoolSpec(id, sku, features, specs);
        }

        private DeviceSpec device(JsonNode node, String ptr, JsonNode pool, String poolPtr) {
            String key = keyName(ptr);
            object(node, ptr, key, DEVICE_KEYS);
            String id = text(required(node, ptr, "id"), ptr + "/id", key + ".id");
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw error(ptr + "/id", key + ".id", "device id '" + id + "' must be letters, digits, '.', '_' or '-'",
                        "it names directories of the report; e.g. board-1");
            }
            Map<String, ResourceSpec> resources = new LinkedHashMap<>();
            for (String section : RESOURCE_SECTIONS) {
                JsonNode own = node.get(section);
                String secPtr = own != null ? ptr + "/" + section : poolPtr + "/" + section;
                JsonNode sec = own != null ? own : pool.get(section);
                if (sec != null) resources.put(section, resource(section, sec, secPtr));
            }
            JsonNode bootNode = node.has("boot") ? node.get("boot") : pool.get("boot");
            String bootPtr = node.has("boot") ? ptr + "/boot" : poolPtr + "/boot";
            BootSpec boot = boot(bootNode, bootPtr);
            return new DeviceSpec(id, resources, boot, plain(node), ptr);
        }

        private ResourceSpec resource(String section, JsonNode node, String ptr) {
            String key = keyName(ptr);
            object(node, ptr, key, null);
            Class<?> capability = DriverRegistry.SECTIONS.get(section);
            String type;
            if (node.has("type")) type = text(node.get("type"), ptr + "/type", key + ".type");
            else if (section.equals("build") || section.equals("flash")) type = DriverRegistry.DEFAULT_COMMAND_TYPE;
            else {
                throw error(ptr, key + ".type", "a " + section + " section needs a type",
                        "add type: one of " + drivers.types(capability));
            }
            Map<String, Object> settings = plain(node);
            settings.remove("type");
            var factory = drivers.find(capability, type);
            if (factory.isEmpty()) {
                throw error(ptr + "/type", key + ".type", "unknown " + section + " type '" + type + "'",
                        hint(type, drivers.types(capability), "available: " + drivers.types(capability)));
            }
            checkPlaceholders(node, ptr, key);
            try {
                ((DriverFactory<?>) factory.get()).validate(settings);
            } catch (SettingsException e) {
                String sub = e.key() == null || e.key().isEmpty() ? "" : "/" + e.key().replace(".", "/");
                throw error(ptr + sub, key + (sub.isEmpty() ? "" : "." + e.key()), e.getMessage(), e.suggestion());
            }
            return new ResourceSpec(type, settings, ptr);
        }

        private void checkPlaceholders(JsonNode node, String ptr, String key) {
            if (node.isTextual()) {
                List<String> problems = JsonPathPlaceholders.check(node.asText());
                if (!problems.isEmpty()) throw error(ptr, key, problems.get(0), "see docs/configuration.md#placeholders");
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) checkPlaceholders(node.get(i), ptr + "/" + i, key + "[" + i + "]");
            } else if (node.isObject()) {
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    checkPlaceholders(node.get(f), ptr + "/" + f, key + "." + f);
                }
            }
        }

        private BootSpec boot(JsonNode node, String ptr) {
            if (node == null) return new BootSpec(null, null, null, null, null, null, null);
            String key = keyName(ptr);
            object(node, ptr, key, BOOT_KEYS);
            String banner = optText(node, ptr, key, "banner");
            String ready = optText(node, ptr, key, "ready");
            String answer = optText(node, ptr, key, "answer");
            String identity = optText(node, ptr, key, "imageIdentity");
            for (String f : new String[]{"banner", "ready", "answer", "imageIdentity"}) {
                String v = f.equals("banner") ? banner : f.equals("ready") ? ready : f.equals("answer") ? answer : identity;
                if (v == null) continue;
                try {
                    java.util.regex.Pattern.compile(v);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw error(ptr + "/" + f, key + "." + f, "not a valid regular expression: " + e.getDescription(),
                            "escape special characters such as ( ) [ ] . * with a backslash");
                }
            }
            String handshake = optText(node, ptr, key, "handshake");
            Duration timeout = optDuration(node, ptr, key, "timeout");
            Duration testTimeout = optDuration(node, ptr, key, "testTimeout");
            List<String> death = null;
            if (node.has("deathStrings")) {
                JsonNode d = node.get("deathStrings");
                if (!d.isArray()) throw error(ptr + "/deathStrings", key + ".deathStrings", "must be a list of strings", "deathStrings: [\"Hard fault\"]");
                death = new ArrayList<>();
                for (int i = 0; i < d.size(); i++) death.add(text(d.get(i), ptr + "/deathStrings/" + i, key + ".deathStrings[" + i + "]"));
            }
            return new BootSpec(banner, ready, handshake, answer, timeout, testTimeout, death, identity);
        }

        private Map<String, String> features(JsonNode node, String ptr, String key) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null) return out;
            if (node.isObject()) {
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    JsonNode v = node.get(f);
                    if (!v.isValueNode()) throw error(ptr + "/" + f, key + "." + f, "a feature value must be a string", "e.g. PKCS11: ECC");
                    out.put(f, v.asText());
                }
            } else if (node.isArray()) { // IDT: [{name, value, configs}]
                for (int i = 0; i < node.size(); i++) {
                    JsonNode f = node.get(i);
                    String fp = ptr + "/" + i;
                    object(f, fp, key + "[" + i + "]", Set.of("name", "value", "configs", "version", "jobSlots"));
                    out.put(text(required(f, fp, "name"), fp + "/name", key + "[" + i + "].name"),
                            f.has("value") ? f.get("value").asText() : f.has("version") ? f.get("version").asText() : "Yes");
                }
            } else {
                throw error(ptr, key, "must be a map (PKCS11: ECC) or IDT's list of {name, value}", null);
            }
            return out;
        }

        private void object(JsonNode node, String ptr, String key, Set<String> allowed) {
            if (!node.isObject()) {
                throw error(ptr, key, "must be a mapping (key: value), but is " + kind(node), null);
            }
            if (allowed == null) return;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    // an empty key ("": x) is named by the mapping that holds it, so the error still names a key
                    String named = f.isEmpty() ? key : key.equals("(top level)") ? f : key + "." + f;
                    throw error(ptr + "/" + escape(f), named, "unknown key '" + f + "'",
                            hint(f, allowed, "allowed here: " + new java.util.TreeSet<>(allowed)));
                }
            }
        }

        private JsonNode required(JsonNode node, String ptr, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                String key = ptr.isEmpty() ? field : keyName(ptr) + "." + field;
                throw error(ptr, key, "required key '" + field + "' is missing", "add " + field + ": ...");
            }
            return v;
        }

        private String text(JsonNode v, String ptr, String key) {
            if (!v.isTextual() && !v.isNumber()) {
                throw error(ptr, key, "must be a string, but is " + kind(v), null);
            }
            return v.asText();
        }

        private String optText(JsonNode node, String ptr, String key, String field) {
            return node.has(field) ? text(node.get(field), ptr + "/" + field, key + "." + field) : null;
        }

        private Duration optDuration(JsonNode node, String ptr, String key, String field) {
            if (!node.has(field)) return null;
            JsonNode v = node.get(field);
            return Durations.parse(v.asText()).orElseThrow(() -> error(ptr + "/" + field, key + "." + field,
                    "'" + v.asText() + "' is not a duration", "write e.g. 1500ms, 30s, 5m or 1h"));
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> plain(JsonNode node) {
            return new LinkedHashMap<>(mapper.convertValue(node, Map.class));
        }

        private ConfigException error(String ptr, String key, String problem, String suggestion) {
            return new ConfigException(locator.keyOf(ptr), key, problem, suggestion);
        }
    }

    /** {@code /pools/0/devices/1/console} as {@code pools[0].devices[1].console}. */
    static String keyName(String ptr) {
        StringBuilder sb = new StringBuilder();
        for (String seg : ptr.split("/")) {
            if (seg.isEmpty()) continue;
            if (seg.matches("\\d+")) sb.append('[').append(seg).append(']');
            else {
                if (sb.length() > 0) sb.append('.');
                sb.append(seg.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static String hint(String given, java.util.Collection<String> candidates, String otherwise) {
        return Suggestions.closest(given, candidates).map(s -> "did you mean '" + s + "'?").orElse(otherwise);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String kind(JsonNode n) {
        if (n.isArray()) return "a list";
        if (n.isObject()) return "a mapping";
        if (n.isNumber()) return "a number";
        if (n.isBoolean()) return "a boolean";
        if (n.isNull()) return "empty";
        return "a string";
    }
}
