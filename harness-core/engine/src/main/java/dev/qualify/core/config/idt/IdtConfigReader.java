package dev.qualify.core.config.idt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.jayway.jsonpath.JsonPath;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.support.Suggestions;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.SourceLocation;
import dev.qualify.core.config.SourceLocator;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.core.process.JsonPathPlaceholders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an AWS IoT Device Tester configuration folder ({@code configs/} with {@code config.json},
 * {@code device.json}, {@code userdata.json} and, when present, {@code resource.json}) into the same
 * {@link QualifyConfig} the YAML loader makes, for FreeRTOS (FRQ 2.x and the FRQ 1.x field names) and Greengrass V2.
 *
 * <ul>
 *   <li>{@code connectivity}: {@code uart} becomes a serial console at 115200 8N1 without flow control (what IDT
 *       assumes); {@code ssh} an SSH shell, with {@code publicKeyPath} as the known host key; {@code docker} and
 *       {@code no-op} are read and give the device no console or shell (warned).</li>
 *   <li>{@code buildTool.command} / {@code flashTool.command}: each string is split into words as IDT does first
 *       ({@link IdtWords}), then {@code {{config.idtRootPath}}} (the folder above {@code configs/}),
 *       {@code {{enableTests}}}, {@code {{sdkPath}}} and {@code {{userData...}}} are put in inside each word; the
 *       run's placeholders ({@code {{testData.sourcePath}}}, {@code {{device...}}}, {@code {{buildImageName}}}) are
 *       expanded by the run inside each word, so a value with blanks stays one argument. {@link IdtStep} runs them.</li>
 *   <li>{@code {{AWS.Parameter.NAME}}}: see {@link AwsParameters}; never printed.</li>
 *   <li>Paths: {@code config.json}'s are relative to IDT's {@code bin/} folder as IDT resolves them
 *       ({@code ../configs} is {@code <root>/configs}); the other files' are relative to the file.</li>
 * </ul>
 * A field Qualify does not act on yet is a warning naming it, once; a field IDT itself would reject is a
 * {@link ConfigException} with file, line, column and key.
 */
public final class IdtConfigReader {
    public static final Set<String> FILE_NAMES = Set.of("config.json", "device.json", "userdata.json", "resource.json");
    static final String FREERTOS_SUITE = "freertos-qualification";
    static final String GREENGRASS_SUITE = "greengrass-qualification";

    static final Set<String> FREERTOS_FEATURES = Set.of("Wifi", "Cellular", "BLE", "PKCS11", "OTA", "KeyProvisioning",
            "TCP/IP", "TLS");
    static final Map<String, Set<String>> FEATURE_VALUES = Map.of(
            "Wifi", Set.of("yes", "no"), "Cellular", Set.of("yes", "no"), "BLE", Set.of("yes", "no"),
            "OTA", Set.of("yes", "no"), "PKCS11", Set.of("rsa", "ecc", "both", "no"),
            "KeyProvisioning", Set.of("onboard", "import", "both", "no"),
            "OTADataPlaneProtocol", Set.of("mqtt", "http", "none"),
            "docker", Set.of("yes", "no"), "streamManagement", Set.of("yes", "no"), "hsi", Set.of("hsm", "no"));
    static final Set<String> PROTOCOLS = Set.of("uart", "ssh", "docker", "no-op");
    static final Set<String> FREERTOS_SUITE_KEYS = Set.of("sourcePath", "freeRTOSVersion", "freeRTOSTestParamConfigPath",
            "freeRTOSTestExecutionConfigPath", "testStartDelayms", "retainModifiedSourceDirectories");
    static final Map<String, String> FREERTOS_NOT_YET = new LinkedHashMap<>();
    static final Map<String, String> FRQ1_FIELDS = new LinkedHashMap<>();
    static final Set<String> GREENGRASS_KEYS = Set.of("TempResourcesDirOnDevice", "InstallationDirRootOnDevice",
            "GreengrassNucleusZip", "PreInstalled", "GreengrassV2TokenExchangeRole", "hsm");
    static final Set<String> DEVICE_FIELDS = Set.of("id", "connectivity", "secureElementConfig", "identifiers",
            "operatingSystem", "pairedResource");

    static {
        FREERTOS_NOT_YET.put("echoServerConfiguration", "Qualify starts its own echo server on a free port and writes it into test_param_config.h");
        FREERTOS_NOT_YET.put("echoServerCertificateConfiguration", "Qualify's echo server makes its own certificates for every run");
        FREERTOS_NOT_YET.put("otaConfiguration", "the OTA end-to-end groups are not implemented yet; OTACore uses Qualify's own signer");
        FREERTOS_NOT_YET.put("pkcs11LabelConfiguration", "FullPKCS11_Core uses the labels of the project's own core_pkcs11_config.h");
        FRQ1_FIELDS.put("vendorPath", "FRQ 1.x: Qualify builds with your build command only");
        FRQ1_FIELDS.put("sdkConfiguration", "FRQ 1.x: only its path is used, for {{sdkPath}}");
        FRQ1_FIELDS.put("clientWifiConfig", "FRQ 1.x Wi-Fi groups are not in the FRQ 2.x suite");
        FRQ1_FIELDS.put("testWifiConfig", "FRQ 1.x Wi-Fi groups are not in the FRQ 2.x suite");
        FRQ1_FIELDS.put("cmakeConfiguration", "FRQ 1.x: Qualify builds with your build command only");
        FRQ1_FIELDS.put("freertosFileConfiguration", "FRQ 1.x: the suite reads the two FRQ 2.x config headers");
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");
    private static final Pattern AWS_PARAMETER = Pattern.compile("\\{\\{\\s*AWS\\.Parameter\\.([^}\\s]+)\\s*}}");
    private static final Pattern SOURCE_PATH = Pattern.compile("\\{\\{\\s*testData\\.sourcePath\\s*}}");

    private final DriverRegistry drivers;
    private final Function<String, String> env;

    /** @param env how environment variables are read ({@code System::getenv}); for {@link AwsParameters} */
    public IdtConfigReader(DriverRegistry drivers, Function<String, String> env) {
        this.drivers = drivers;
        this.env = env;
    }

    /**
     * Whether {@code path} is an IDT config: a folder, or a file IDT names ({@code device.json}, ...) that is not a
     * Qualify config written as JSON (an object with {@code pools}).
     */
    public static boolean isIdt(Path path) {
        if (Files.isDirectory(path)) return true;
        Path name = path.getFileName();
        if (name == null || !FILE_NAMES.contains(name.toString().toLowerCase(Locale.ROOT))) return false;
        try {
            JsonNode n = JsonMapper.builder(JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build()).build()
                    .readTree(path.toFile());
            return n == null || !(n.isObject() && n.has("pools"));
        } catch (IOException e) {
            return true; // the IDT reader reports it, located
        }
    }

    /**
     * @param path     the {@code configs/} folder, the folder above it, or one of its files
     * @param userdata {@code --userdata FILE} (resolved in {@code configs/} as IDT does when relative), or null for
     *                 {@code userdata.json}
     */
    public IdtConfig read(Path path, Path userdata) {
        return new Pass(path, userdata).read();
    }

    private record Doc(Path file, JsonNode root, SourceLocator locator) {
    }

    /** One reading of one folder. */
    private final class Pass {
        private final Path given;
        private final Path userdataOption;
        private final Map<String, String> warnings = new LinkedHashMap<>();
        private final Map<String, Path> files = new LinkedHashMap<>();
        private final Map<String, List<String>> comments = new LinkedHashMap<>();
        private final Map<String, String> connections = new LinkedHashMap<>();
        private Path configsDir;
        private Path root;
        private AwsParameters aws;
        private final Map<String, Object> secrets = new LinkedHashMap<>();

        Pass(Path given, Path userdataOption) {
            this.given = given.toAbsolutePath().normalize();
            this.userdataOption = userdataOption;
        }

        IdtConfig read() {
            Path deviceFile = locate();
            root = configsDir.getParent() == null ? configsDir : configsDir.getParent();
            aws = new AwsParameters(env, configsDir);
            Path configJson = configsDir.resolve("config.json");
            Path first = Files.isRegularFile(configJson) ? configJson : deviceFile;
            if (Files.isRegularFile(configJson)) {
                Path d = configJson(parse(configJson));
                if (d != null) deviceFile = d;
            }
            if (!Files.isRegularFile(deviceFile)) {
                throw new ConfigException(new SourceLocation(deviceFile, 0, 0), "device.json", "file not found",
                        "IDT's configs folder holds device.json beside config.json and userdata.json");
            }
            Doc device = parse(deviceFile);
            files.put("device.json", deviceFile);
            Path userdataFile = userdataOption == null ? configsDir.resolve("userdata.json")
                    : userdataOption.isAbsolute() || Files.isRegularFile(userdataOption) ? userdataOption.toAbsolutePath()
                    : configsDir.resolve(userdataOption);
            Doc user = null;
            if (Files.isRegularFile(userdataFile)) {
                user = parse(userdataFile);
                files.put("userdata.json", userdataFile);
            } else if (userdataOption != null) {
                throw new ConfigException(new SourceLocation(userdataFile, 0, 0), "--userdata", "file not found",
                        "--userdata names a file in the configs folder (" + configsDir + ") or a path");
            }
            Path resourceFile = configsDir.resolve("resource.json");
            if (Files.isRegularFile(resourceFile)) {
                files.put("resource.json", resourceFile);
                resources(parse(resourceFile));
            }
            boolean greengrass = user != null && isGreengrass(user.root());
            String suite = greengrass ? GREENGRASS_SUITE : FREERTOS_SUITE;
            Map<String, Object> params;
            Map<String, List<List<String>>> poolCommands = new LinkedHashMap<>();
            if (user == null) {
                if (!greengrassDevices(device.root())) {
                    throw new ConfigException(new SourceLocation(userdataFile, 0, 0), "userdata.json", "file not found",
                            "IDT for FreeRTOS needs userdata.json (sourcePath, buildTool, flashTool) in " + configsDir);
                }
                greengrass = true;
                suite = GREENGRASS_SUITE;
                params = new LinkedHashMap<>();
            } else if (greengrass) {
                params = greengrassUserdata(user);
            } else {
                params = freertosUserdata(user, poolCommands);
            }
            List<PoolSpec> pools = devices(device, poolCommands, params, greengrass);
            Map<String, Map<String, Object>> suites = new LinkedHashMap<>();
            suites.put(suite, params);
            QualifyConfig config = new QualifyConfig(first, pools, suites,
                    new ResourceSpec("emulated", Map.of(), "/cloud"), device.locator());
            Map<String, Map<String, List<List<String>>>> commands = new LinkedHashMap<>();
            for (PoolSpec p : pools) commands.put(p.id(), poolCommands);
            return new IdtConfig(config, root, configsDir, files, greengrass ? "Greengrass V2" : "FreeRTOS", suite,
                    List.copyOf(warnings.values()), commands, connections, comments);
        }

        /** Finds configs/ and the device.json the path names. */
        private Path locate() {
            if (Files.isDirectory(given)) {
                if (Files.isRegularFile(given.resolve("device.json")) || Files.isRegularFile(given.resolve("config.json"))) {
                    configsDir = given;
                } else if (Files.isDirectory(given.resolve("configs"))) {
                    configsDir = given.resolve("configs");
                } else {
                    throw new ConfigException(new SourceLocation(given, 0, 0), "--config",
                            "the folder holds neither device.json nor config.json nor a configs/ folder",
                            "pass IDT's configs folder, or a Qualify config file such as configs/demo/qualify.yaml");
                }
                return configsDir.resolve("device.json");
            }
            if (!Files.exists(given)) {
                throw new ConfigException(new SourceLocation(given, 0, 0), "--config", "file not found",
                        "pass IDT's configs folder or one of its files");
            }
            configsDir = given.getParent();
            String name = given.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.equals("device.json") ? given : configsDir.resolve("device.json");
        }

        private Doc parse(Path file) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(new SourceLocation(file, 0, 0), "(file)", "cannot read: " + e.getMessage(), null);
            }
            JsonFactory factory = JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
            ObjectMapper mapper = JsonMapper.builder(factory).build();
            try {
                JsonNode root = mapper.readTree(content);
                if (root == null || root.isMissingNode()) {
                    throw new ConfigException(new SourceLocation(file, 1, 1), "(file)", "the file is empty", "see docs/from-idt.md");
                }
                return new Doc(file, root, SourceLocator.scan(file, content, factory));
            } catch (JsonProcessingException e) {
                JsonLocation l = e.getLocation();
                throw new ConfigException(new SourceLocation(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr()),
                        "(syntax)", "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("syntax error"),
                        "IDT rejects this file too; check commas, quotes and brackets near this place");
            } catch (IOException e) {
                throw new ConfigException(new SourceLocation(file, 0, 0), "(file)", "cannot read: " + e.getMessage(), null);
            }
        }

        // ---- config.json

        private Path configJson(Doc doc) {
            files.put("config.json", doc.file());
            JsonNode r = doc.root();
            object(doc, r, "", "(top level)");
            Path device = null;
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                JsonNode v = r.get(f);
                switch (f) {
                    case "configFiles" -> {
                        object(doc, v, "/configFiles", "configFiles");
                        if (v.has("device")) device = binRelative(text(doc, v.get("device"), "/configFiles/device", "configFiles.device"));
                        if (v.has("root")) {
                            Path rootDir = binRelative(text(doc, v.get("root"), "/configFiles/root", "configFiles.root"));
                            if (!rootDir.equals(configsDir)) {
                                warn(doc, "/configFiles/root", "configFiles.root", "names " + rootDir + "; Qualify reads the files beside config.json (" + configsDir + ")");
                            }
                        }
                    }
                    case "log" -> warn(doc, "/log", "log", "Qualify writes its logs into the run directory (results/<run>/logs/)");
                    case "testPath" -> warn(doc, "/testPath", "testPath", "suites come with Qualify (qualify list-suites); --suite-path adds your own");
                    case "reportPath" -> warn(doc, "/reportPath", "reportPath", "Qualify writes reports under --output (default results/)");
                    case "certificatePath" -> warn(doc, "/certificatePath", "certificatePath", "Qualify's emulated cloud makes its own CA and certificates for every run");
                    case "awsRegion" -> warn(doc, "/awsRegion", "awsRegion", "Qualify runs against its emulated cloud, offline");
                    case "auth" -> {
                        object(doc, v, "/auth", "auth");
                        if (v.has("method")) {
                            String m = text(doc, v.get("method"), "/auth/method", "auth.method");
                            if (!m.equals("file") && !m.equals("environment")) {
                                throw error(doc, "/auth/method", "auth.method", "unknown auth method '" + m + "'", "IDT knows file and environment");
                            }
                        }
                        warn(doc, "/auth", "auth", "no AWS credentials are read: Qualify runs against its emulated cloud, offline");
                    }
                    default -> warn(doc, "/" + f, f, "unknown field; IDT ignores it too");
                }
            }
            return device;
        }

        /** A config.json path: relative to IDT's bin/ folder (where IDT runs), else to the root. */
        private Path binRelative(String p) {
            Path path = Path.of(p);
            if (path.isAbsolute()) return path.normalize();
            Path viaBin = root.resolve("bin").resolve(path).normalize();
            if (Files.exists(viaBin)) return viaBin;
            Path viaRoot = root.resolve(path).normalize();
            return Files.exists(viaRoot) ? viaRoot : viaBin;
        }

        // ---- device.json

        private boolean greengrassDevices(JsonNode root) {
            if (!root.isArray()) return false;
            for (JsonNode pool : root) {
                for (JsonNode d : pool.path("devices")) if (d.has("operatingSystem")) return true;
                for (JsonNode f : pool.path("features")) if (f.path("name").asText().equals("arch")) return true;
            }
            return false;
        }

        private List<PoolSpec> devices(Doc doc, Map<String, List<List<String>>> commands, Map<String, Object> params,
                                       boolean greengrass) {
            JsonNode r = doc.root();
            if (!r.isArray()) {
                throw error(doc, "", "(top level)", "must be a list of device pools, but is " + kind(r),
                        "IDT's device.json is [ {\"id\": \"pool\", \"features\": [...], \"devices\": [...]} ]");
            }
            if (r.isEmpty()) throw error(doc, "", "(top level)", "no device pool", "add a pool: [{\"id\": \"pool\", \"devices\": [...]}]");
            List<PoolSpec> pools = new ArrayList<>();
            Set<String> poolIds = new HashSet<>(), deviceIds = new HashSet<>();
            for (int i = 0; i < r.size(); i++) {
                String ptr = "/" + i, key = "[" + i + "]";
                JsonNode pool = r.get(i);
                object(doc, pool, ptr, key);
                String id = text(doc, required(doc, pool, ptr, key, "id"), ptr + "/id", key + ".id");
                if (!poolIds.add(id)) throw error(doc, ptr + "/id", key + ".id", "duplicate pool id '" + id + "'", "give each pool its own id");
                String sku = pool.has("sku") ? text(doc, pool.get("sku"), ptr + "/sku", key + ".sku") : null;
                for (Iterator<String> it = pool.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!Set.of("id", "sku", "features", "devices").contains(f)) {
                        warn(doc, ptr + "/" + f, key + "." + f, "unknown field; IDT ignores it too");
                    }
                }
                Map<String, String> features = features(doc, pool.get("features"), ptr + "/features", key + ".features", greengrass);
                JsonNode devs = required(doc, pool, ptr, key, "devices");
                if (!devs.isArray() || devs.isEmpty()) {
                    throw error(doc, ptr + "/devices", key + ".devices", "must be a non-empty list of devices", "add {\"id\": \"board-1\", \"connectivity\": {...}}");
                }
                Map<String, ResourceSpec> poolResources = poolResources(commands, params);
                List<DeviceSpec> devices = new ArrayList<>();
                String protocol = null;
                for (int j = 0; j < devs.size(); j++) {
                    DeviceSpec d = device(doc, devs.get(j), ptr + "/devices/" + j, key + ".devices[" + j + "]", poolResources, sku, params);
                    if (!deviceIds.add(d.id())) {
                        throw error(doc, ptr + "/devices/" + j + "/id", key + ".devices[" + j + "].id", "duplicate device id '" + d.id() + "'",
                                "device ids must be unique across all pools");
                    }
                    Object conn = d.json().get("connectivity");
                    String p = conn instanceof Map<?, ?> m && m.get("protocol") != null ? String.valueOf(m.get("protocol")) : "";
                    if (protocol != null && !protocol.equals(p)) {
                        throw error(doc, ptr + "/devices/" + j + "/connectivity/protocol", key + ".devices[" + j + "].connectivity.protocol",
                                "all devices of a pool must use the same protocol (IDT rule): '" + protocol + "' and '" + p + "'",
                                "put devices with another protocol into a pool of their own");
                    }
                    protocol = p;
                    devices.add(d);
                }
                pools.add(new PoolSpec(id, sku, features, devices));
            }
            return pools;
        }

        private Map<String, String> features(Doc doc, JsonNode node, String ptr, String key, boolean greengrass) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null) return out;
            if (!node.isArray()) throw error(doc, ptr, key, "must be a list of {\"name\", \"value\"}, but is " + kind(node), "IDT: [{\"name\": \"PKCS11\", \"value\": \"ECC\"}]");
            for (int i = 0; i < node.size(); i++) {
                JsonNode f = node.get(i);
                String fp = ptr + "/" + i, fk = key + "[" + i + "]";
                object(doc, f, fp, fk);
                String name = text(doc, required(doc, f, fp, fk, "name"), fp + "/name", fk + ".name");
                if (name.equals("WIFI")) {
                    warn(doc, fp + "/name", "features.WIFI", "FRQ 1.x name of the FRQ 2.x feature 'Wifi'; read as Wifi");
                    name = "Wifi";
                } else if (name.equals("TCP/IP") || name.equals("TLS")) {
                    warn(doc, fp + "/name", "features." + name, "FRQ 1.x feature: kept, but no FRQ 2.x group selects on it");
                }
                String value = f.has("value") ? scalar(doc, f.get("value"), fp + "/value", fk + ".value") : "Yes";
                check(doc, name, value, fp + "/value", fk + ".value");
                out.put(name, value);
                JsonNode configs = f.get("configs");
                if (configs != null) {
                    if (!configs.isArray()) throw error(doc, fp + "/configs", fk + ".configs", "must be a list of {\"name\", \"value\"}", null);
                    for (int j = 0; j < configs.size(); j++) {
                        JsonNode c = configs.get(j);
                        String cp = fp + "/configs/" + j, ck = fk + ".configs[" + j + "]";
                        object(doc, c, cp, ck);
                        String cn = text(doc, required(doc, c, cp, ck, "name"), cp + "/name", ck + ".name");
                        String cv = c.has("value") ? scalar(doc, c.get("value"), cp + "/value", ck + ".value") : "Yes";
                        check(doc, cn, cv, cp + "/value", ck + ".value");
                        out.put(cn, cv); // IDT's config names are unique across features (OTADataPlaneProtocol)
                    }
                }
                for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!Set.of("name", "value", "configs").contains(k)) warn(doc, fp + "/" + k, key + "[]." + k, "unknown field; IDT ignores it too");
                }
            }
            return out;
        }

        private void check(Doc doc, String name, String value, String ptr, String key) {
            Set<String> allowed = FEATURE_VALUES.get(name);
            if (allowed == null) return;
            for (String v : value.split(",")) {
                if (!allowed.contains(v.trim().toLowerCase(Locale.ROOT))) {
                    throw error(doc, ptr, key, "'" + value + "' is not a value of feature " + name + " (IDT rejects it)",
                            "one of " + allowed);
                }
            }
        }

        private Map<String, ResourceSpec> poolResources(Map<String, List<List<String>>> commands, Map<String, Object> params) {
            Map<String, ResourceSpec> out = new LinkedHashMap<>();
            String image = String.valueOf(params.getOrDefault("buildImageName", "aws_tests.bin"));
            List<List<String>> build = commands.getOrDefault("build", List.of());
            List<List<String>> flash = commands.getOrDefault("flash", List.of());
            if (!build.isEmpty()) {
                List<String> argv = wrapper("build");
                argv.addAll(List.of("--source", "{{testData.sourcePath}}", "--find", image));
                for (List<String> c : build) addCommand(argv, c);
                out.put("build", new ResourceSpec("command", Map.of("command", argv), "/userdata/buildTool"));
            }
            if (!flash.isEmpty()) {
                List<String> argv = wrapper("flash");
                for (List<String> c : flash) {
                    List<String> marked = new ArrayList<>();
                    for (String w : c) marked.add(SOURCE_PATH.matcher(w).replaceAll(Matcher.quoteReplacement(IdtStep.SOURCE_MARKER)));
                    addCommand(argv, marked);
                }
                out.put("flash", new ResourceSpec("command", Map.of("command", argv), "/userdata/flashTool"));
            }
            return out;
        }

        private List<String> wrapper(String step) {
            return new ArrayList<>(List.of("{{qualify.java}}", "-cp", "{{qualify.home}}/lib/*", IdtStep.class.getName(), step,
                    "--image", "{{buildImagePath}}"));
        }

        private void addCommand(List<String> argv, List<String> words) {
            argv.add("--cmd");
            argv.add(String.valueOf(words.size()));
            argv.addAll(words);
        }

        @SuppressWarnings("unchecked")
        private DeviceSpec device(Doc doc, JsonNode node, String ptr, String key, Map<String, ResourceSpec> poolResources,
                                  String sku, Map<String, Object> params) {
            object(doc, node, ptr, key);
            String id = text(doc, required(doc, node, ptr, key, "id"), ptr + "/id", key + ".id");
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw error(doc, ptr + "/id", key + ".id", "device id '" + id + "' must be letters, digits, '.', '_' or '-'",
                        "IDT wants an alphanumeric id; it also names directories of the report");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (DEVICE_FIELDS.contains(f)) json.put(f, plain(node.get(f)));
                else {
                    warn(doc, ptr + "/" + f, "devices[]." + f, "unknown field; IDT ignores it too");
                    comments.computeIfAbsent(id, k -> new ArrayList<>()).add("device.json field '" + f + "' has no equivalent; left out");
                }
            }
            Map<String, ResourceSpec> resources = new LinkedHashMap<>(poolResources);
            JsonNode conn = node.get("connectivity");
            if (conn == null) {
                warn(doc, ptr, "devices[].connectivity", "a device without connectivity: Qualify opens no console or shell to it");
                connections.put(id, "no console or shell (no connectivity)");
            } else {
                connectivity(doc, conn, ptr + "/connectivity", key + ".connectivity", id, node, resources);
            }
            if (node.has("secureElementConfig")) {
                JsonNode se = node.get("secureElementConfig");
                object(doc, se, ptr + "/secureElementConfig", key + ".secureElementConfig");
                Map<String, Object> s = (Map<String, Object>) json.get("secureElementConfig");
                if (se.has("publicKeyAsciiHexFilePath")) {
                    s.put("publicKeyAsciiHexFilePath", fileRelative(doc, text(doc, se.get("publicKeyAsciiHexFilePath"),
                            ptr + "/secureElementConfig/publicKeyAsciiHexFilePath", key + ".secureElementConfig.publicKeyAsciiHexFilePath")));
                }
                for (String yn : List.of("preProvisioned", "pkcs11JITPCodeVerifyRootCertSupport")) {
                    if (se.has(yn) && !Set.of("yes", "no").contains(se.get(yn).asText().toLowerCase(Locale.ROOT))) {
                        throw error(doc, ptr + "/secureElementConfig/" + yn, key + ".secureElementConfig." + yn,
                                "'" + se.get(yn).asText() + "' is not Yes or No (IDT rejects it)", "write \"Yes\" or \"No\"");
                    }
                }
                warn(doc, ptr + "/secureElementConfig", "devices[].secureElementConfig",
                        "read and kept for {{device.secureElementConfig...}}, but FullPKCS11_Core does not use a pre-provisioned key yet");
            }
            if (node.has("identifiers")) {
                JsonNode ids = node.get("identifiers");
                if (!ids.isArray()) throw error(doc, ptr + "/identifiers", key + ".identifiers", "must be a list of {\"name\", \"value\"}", null);
                for (int i = 0; i < ids.size(); i++) {
                    object(doc, ids.get(i), ptr + "/identifiers/" + i, key + ".identifiers[" + i + "]");
                    required(doc, ids.get(i), ptr + "/identifiers/" + i, key + ".identifiers[" + i + "]", "name");
                }
            }
            if (node.has("operatingSystem")) {
                String os = text(doc, node.get("operatingSystem"), ptr + "/operatingSystem", key + ".operatingSystem");
                if (!os.equalsIgnoreCase("linux") && !os.equalsIgnoreCase("windows")) {
                    throw error(doc, ptr + "/operatingSystem", key + ".operatingSystem", "'" + os + "' is not Linux or Windows (IDT rejects it)", "write \"Linux\" or \"Windows\"");
                }
                if (os.equalsIgnoreCase("windows")) {
                    warn(doc, ptr + "/operatingSystem", "devices[].operatingSystem=Windows", "Windows devices are read, but the Greengrass suite has no groups yet");
                }
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            if (sku != null) properties.put("sku", sku);
            if (params.get("freeRTOSVersion") != null) properties.put("productVersion", String.valueOf(params.get("freeRTOSVersion")));
            if (!secrets.isEmpty()) properties.put("awsParameters", new LinkedHashMap<>(secrets));
            if (!properties.isEmpty()) json.put("properties", properties);
            return new DeviceSpec(id, resources, new BootSpec(null, null, null, null, null, null, null), json, ptr);
        }

        private void connectivity(Doc doc, JsonNode conn, String ptr, String key, String id, JsonNode device,
                                  Map<String, ResourceSpec> resources) {
            object(doc, conn, ptr, key);
            String protocol = text(doc, required(doc, conn, ptr, key, "protocol"), ptr + "/protocol", key + ".protocol");
            if (!PROTOCOLS.contains(protocol)) {
                throw error(doc, ptr + "/protocol", key + ".protocol", "unknown protocol '" + protocol + "' (IDT rejects it)",
                        Suggestions.closest(protocol, PROTOCOLS).map(s -> "did you mean '" + s + "'?").orElse("one of " + PROTOCOLS));
            }
            Set<String> known = switch (protocol) {
                case "uart" -> Set.of("protocol", "serialPort");
                case "ssh" -> Set.of("protocol", "ip", "port", "publicKeyPath", "auth");
                case "docker" -> Set.of("protocol", "containerId", "containerUser");
                default -> Set.of("protocol");
            };
            for (Iterator<String> it = conn.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) warn(doc, ptr + "/" + f, "connectivity." + f, "not used with protocol " + protocol);
            }
            switch (protocol) {
                case "uart" -> {
                    String port = text(doc, required(doc, conn, ptr, key, "serialPort"), ptr + "/serialPort", key + ".serialPort");
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("port", port);
                    s.put("baud", 115200);
                    s.put("dataBits", 8);
                    s.put("parity", "none");
                    s.put("stopBits", 1);
                    s.put("flowControl", "none");
                    resources.put("console", validated(doc, "console", "serial", s, ptr, key));
                    connections.put(id, "serial console " + port + " at 115200 8N1, no flow control (IDT's defaults)");
                }
                case "ssh" -> {
                    String ip = text(doc, required(doc, conn, ptr, key, "ip"), ptr + "/ip", key + ".ip");
                    int port = conn.has("port") ? integer(doc, conn.get("port"), ptr + "/port", key + ".port") : 22;
                    JsonNode auth = required(doc, conn, ptr, key, "auth");
                    object(doc, auth, ptr + "/auth", key + ".auth");
                    String method = text(doc, required(doc, auth, ptr + "/auth", key + ".auth", "method"), ptr + "/auth/method", key + ".auth.method");
                    JsonNode cred = required(doc, auth, ptr + "/auth", key + ".auth", "credentials");
                    object(doc, cred, ptr + "/auth/credentials", key + ".auth.credentials");
                    String cp = ptr + "/auth/credentials", ck = key + ".auth.credentials";
                    String user = text(doc, required(doc, cred, cp, ck, "user"), cp + "/user", ck + ".user");
                    Map<String, Object> a = new LinkedHashMap<>();
                    String how;
                    if (method.equals("pki")) {
                        String keyPath = fileRelative(doc, text(doc, required(doc, cred, cp, ck, "privKeyPath"), cp + "/privKeyPath", ck + ".privKeyPath"));
                        a.put("method", "key");
                        a.put("privateKey", keyPath);
                        how = "key " + keyPath;
                    } else if (method.equals("password")) {
                        a.put("method", "password");
                        a.put("password", secretText(doc, required(doc, cred, cp, ck, "password"), cp + "/password", ck + ".password"));
                        how = "password <redacted>";
                    } else {
                        throw error(doc, ptr + "/auth/method", key + ".auth.method", "unknown auth method '" + method + "' (IDT rejects it)", "IDT knows pki and password");
                    }
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("host", ip);
                    s.put("port", port);
                    s.put("user", user);
                    s.put("auth", a);
                    String hostKey;
                    if (conn.has("publicKeyPath")) {
                        String known2 = fileRelative(doc, text(doc, conn.get("publicKeyPath"), ptr + "/publicKeyPath", key + ".publicKeyPath"));
                        s.put("knownHosts", known2);
                        hostKey = "host key pinned by publicKeyPath " + known2;
                    } else {
                        warn(doc, ptr, "connectivity.publicKeyPath (missing)", "IDT would not check the SSH host key; Qualify checks it against ~/.ssh/known_hosts"
                                + " and fails on an unknown key; set publicKeyPath to a known_hosts-format file to pin it");
                        hostKey = "host key checked against ~/.ssh/known_hosts";
                    }
                    resources.put("shell", validated(doc, "shell", "ssh", s, ptr, key));
                    connections.put(id, "SSH shell " + user + "@" + ip + ":" + port + ", " + how + ", " + hostKey);
                }
                case "docker" -> {
                    String c = text(doc, required(doc, conn, ptr, key, "containerId"), ptr + "/containerId", key + ".containerId");
                    warn(doc, ptr + "/protocol", "connectivity.protocol=docker", "read, but Qualify has no docker shell yet: the device gets no shell");
                    connections.put(id, "docker container " + c + ": no shell (not supported yet)");
                    comments.computeIfAbsent(id, k -> new ArrayList<>()).add("connectivity docker (container " + c + "): Qualify has no docker shell yet");
                }
                default -> {
                    String paired = device.has("pairedResource") ? device.get("pairedResource").asText() : null;
                    warn(doc, ptr + "/protocol", "connectivity.protocol=no-op", "the device is not reached directly; reaching it through its paired"
                            + " resource device is not supported yet");
                    connections.put(id, "not reached directly (no-op" + (paired == null ? "" : ", paired resource " + paired) + ")");
                }
            }
        }

        private ResourceSpec validated(Doc doc, String section, String type, Map<String, Object> settings, String ptr, String key) {
            Class<?> capability = DriverRegistry.SECTIONS.get(section);
            var factory = drivers.find(capability, type);
            if (factory.isPresent()) {
                try {
                    ((DriverFactory<?>) factory.get()).validate(settings);
                } catch (SettingsException e) {
                    throw error(doc, ptr, key, e.getMessage(), e.suggestion());
                }
            }
            return new ResourceSpec(type, settings, ptr);
        }

        // ---- userdata.json

        private boolean isGreengrass(JsonNode r) {
            if (!r.isObject()) return false;
            for (String k : GREENGRASS_KEYS) if (r.has(k)) return true;
            return r.has("GreengrassCliVersion");
        }

        private Map<String, Object> freertosUserdata(Doc doc, Map<String, List<List<String>>> commands) {
            JsonNode r = doc.root();
            object(doc, r, "", "(top level)");
            Map<String, Object> params = new LinkedHashMap<>();
            JsonNode src = required(doc, r, "", "(top level)", "sourcePath");
            String sourceText = text(doc, src, "/sourcePath", "sourcePath");
            Path source = Path.of(sourceText);
            if (!source.isAbsolute()) source = doc.file().getParent().resolve(source);
            source = source.normalize();
            if (!Files.isDirectory(source)) {
                throw error(doc, "/sourcePath", "sourcePath", "source directory " + source + " does not exist",
                        "point sourcePath at your FreeRTOS project (a relative path starts at the folder of " + doc.file().getFileName() + ")");
            }
            params.put("sourcePath", source.toString());
            String image = null;
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                JsonNode v = r.get(f);
                String ptr = "/" + f;
                switch (f) {
                    case "sourcePath" -> {
                    }
                    case "freeRTOSVersion", "freeRTOSTestParamConfigPath", "freeRTOSTestExecutionConfigPath" ->
                            params.put(f, text(doc, v, ptr, f));
                    case "testStartDelayms" -> params.put(f, integer(doc, v, ptr, f));
                    case "retainModifiedSourceDirectories" -> {
                        if (!v.isBoolean()) throw error(doc, ptr, f, "must be true or false, but is " + kind(v), null);
                        params.put(f, v.asBoolean());
                    }
                    case "buildTool", "flashTool" -> {
                        object(doc, v, ptr, f);
                        String step = f.equals("buildTool") ? "build" : "flash";
                        commands.put(step, commands(doc, v, ptr, f, r));
                        JsonNode info = v.get("buildImageInfo");
                        if (info != null) {
                            object(doc, info, ptr + "/buildImageInfo", f + ".buildImageInfo");
                            if (info.has("testsImageName")) image = text(doc, info.get("testsImageName"), ptr + "/buildImageInfo/testsImageName", f + ".buildImageInfo.testsImageName");
                            if (info.has("demosImageName")) warn(doc, ptr + "/buildImageInfo/demosImageName", "buildImageInfo.demosImageName", "Qualify builds test images only");
                        }
                        for (Iterator<String> k = v.fieldNames(); k.hasNext(); ) {
                            String sub = k.next();
                            if (!Set.of("name", "version", "command", "buildImageInfo").contains(sub)) warn(doc, ptr + "/" + sub, f + "." + sub, "unknown field; IDT ignores it too");
                        }
                    }
                    default -> {
                        if (FREERTOS_NOT_YET.containsKey(f)) {
                            warn(doc, ptr, f, "read, but Qualify does not act on it yet: " + FREERTOS_NOT_YET.get(f));
                        } else if (FRQ1_FIELDS.containsKey(f)) {
                            warn(doc, ptr, f, "read, but Qualify does not act on it: " + FRQ1_FIELDS.get(f));
                        } else if (f.equals("echoServerConfiguration")) {
                            warn(doc, ptr, f, "read, but Qualify does not act on it yet");
                        } else {
                            warn(doc, ptr, f, "unknown field; IDT ignores it too");
                        }
                        comments.computeIfAbsent("suite", k -> new ArrayList<>()).add("userdata.json '" + f + "' has no equivalent yet; left out");
                    }
                }
            }
            if (image != null) params.put("buildImageName", image);
            if (!params.containsKey("freeRTOSVersion")) {
                String v = manifestVersion(source);
                if (v != null) {
                    params.put("freeRTOSVersion", v);
                    warn(doc, "", "freeRTOSVersion (missing)", "not set (FRQ 1.x had no such field): taken from the project's manifest.yml, " + v);
                }
            }
            if (!commands.containsKey("build") || commands.get("build").isEmpty()) {
                warn(doc, "", "buildTool.command (missing or empty)", "no build command: groups that need a firmware image fail with build-failed");
            }
            if (!commands.containsKey("flash") || commands.get("flash").isEmpty()) {
                warn(doc, "", "flashTool.command (missing or empty)", "no flash command: the image is never written to the device");
            }
            return params;
        }

        /** IDT's command strings: split into words first, then the load-time placeholders inside each word. */
        private List<List<String>> commands(Doc doc, JsonNode tool, String ptr, String key, JsonNode userdata) {
            JsonNode c = tool.get("command");
            List<List<String>> out = new ArrayList<>();
            if (c == null) return out;
            if (!c.isArray()) throw error(doc, ptr + "/command", key + ".command", "must be a list of command strings, but is " + kind(c),
                    "IDT: \"command\": [\"/path/to/build.sh {{testData.sourcePath}}\"]");
            for (int i = 0; i < c.size(); i++) {
                String cp = ptr + "/command/" + i, ck = key + ".command[" + i + "]";
                String line = text(doc, c.get(i), cp, ck);
                List<String> words;
                try {
                    words = IdtWords.split(line);
                } catch (IllegalArgumentException e) {
                    throw error(doc, cp, ck, e.getMessage(), "close the quote or the {{...}}");
                }
                if (words.isEmpty()) continue;
                List<String> expanded = new ArrayList<>();
                for (String w : words) expanded.add(loadTime(doc, w, cp, ck, userdata));
                if (!expanded.get(0).contains("{{") && !Path.of(expanded.get(0)).isAbsolute() && expanded.get(0).contains("/")) {
                    expanded.set(0, doc.file().getParent().resolve(expanded.get(0)).normalize().toString());
                }
                out.add(expanded);
            }
            return out;
        }

        private String loadTime(Doc doc, String word, String ptr, String key, JsonNode userdata) {
            Matcher m = PLACEHOLDER.matcher(word);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String expr = m.group(1);
                String value;
                if (expr.equals("config.idtRootPath")) value = root.toString();
                else if (expr.equals("enableTests")) value = "1";
                else if (expr.equals("sdkPath")) {
                    JsonNode p = userdata.path("sdkConfiguration").path("path");
                    if (!p.isTextual()) throw error(doc, ptr, key, "{{sdkPath}} needs sdkConfiguration.path", "add sdkConfiguration: {\"path\": \"...\"}");
                    value = p.asText();
                } else if (expr.startsWith("userData.")) {
                    Object v = JsonPath.parse(userdata.toString()).read("$." + expr.substring("userData.".length()));
                    if (v instanceof List<?> l && l.size() == 1) v = l.get(0);
                    if (v == null || v instanceof Map || v instanceof List) {
                        throw error(doc, ptr, key, "{{" + expr + "}} is not a value of userdata.json", null);
                    }
                    value = String.valueOf(v);
                } else if (expr.startsWith("AWS.Parameter.")) {
                    String name = expr.substring("AWS.Parameter.".length());
                    secret(doc, name, ptr, key);
                    value = "{{device.properties.awsParameters['" + name + "'].secret}}";
                } else if (expr.equals("otaCodeSignerPemFile")) {
                    throw error(doc, ptr, key, "{{otaCodeSignerPemFile}} is an FRQ 1.x OTA placeholder Qualify has no value for",
                            "remove it: Qualify signs OTA images itself");
                } else {
                    List<String> problems = JsonPathPlaceholders.check(m.group(0));
                    if (!problems.isEmpty()) throw error(doc, ptr, key, problems.get(0), "see docs/from-idt.md#placeholders");
                    value = m.group(0);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private String secret(Doc doc, String name, String ptr, String key) {
            String v = aws.value(name).orElseThrow(() -> error(doc, ptr, key, "{{AWS.Parameter." + name + "}} has no value",
                    "Qualify does not call SSM: set " + AwsParameters.envName(name) + " or add \"" + name + "\" to " + aws.file()));
            secrets.put(name, Map.of("secret", v));
            return v;
        }

        private String secretText(Doc doc, JsonNode v, String ptr, String key) {
            String t = text(doc, v, ptr, key);
            Matcher m = AWS_PARAMETER.matcher(t);
            if (m.matches()) return secret(doc, m.group(1), ptr, key);
            return t;
        }

        private Map<String, Object> greengrassUserdata(Doc doc) {
            JsonNode r = doc.root();
            object(doc, r, "", "(top level)");
            Map<String, Object> params = new LinkedHashMap<>();
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                JsonNode v = r.get(f);
                String ptr = "/" + f;
                switch (f) {
                    case "GreengrassCliVersion" -> throw error(doc, ptr, f, "deprecated and rejected by IDT from v4.1.0 on", "remove GreengrassCliVersion");
                    case "PreInstalled" -> {
                        String s = text(doc, v, ptr, f);
                        if (!Set.of("yes", "no").contains(s.toLowerCase(Locale.ROOT))) throw error(doc, ptr, f, "'" + s + "' is not yes or no (IDT rejects it)", null);
                        params.put(f, s);
                    }
                    case "GreengrassNucleusZip" -> params.put(f, fileRelative(doc, text(doc, v, ptr, f)));
                    case "TempResourcesDirOnDevice", "InstallationDirRootOnDevice", "GreengrassV2TokenExchangeRole" -> params.put(f, text(doc, v, ptr, f));
                    case "hsm" -> {
                        object(doc, v, ptr, f);
                        Map<String, Object> hsm = new LinkedHashMap<>();
                        for (Iterator<String> k = v.fieldNames(); k.hasNext(); ) {
                            String h = k.next();
                            String t = secretText(doc, v.get(h), ptr + "/" + h, f + "." + h);
                            hsm.put(h, Set.of("greengrassPkcsPluginJar", "rootCA").contains(h) ? fileRelative(doc, t) : t);
                        }
                        params.put(f, hsm);
                    }
                    default -> warn(doc, ptr, f, "unknown field; IDT ignores it too");
                }
            }
            if (!"yes".equalsIgnoreCase(String.valueOf(params.get("PreInstalled"))) && !params.containsKey("GreengrassNucleusZip")) {
                throw error(doc, "", "GreengrassNucleusZip", "required when PreInstalled is not yes (IDT rejects it)",
                        "add \"GreengrassNucleusZip\": \"/path/to/greengrass-nucleus-latest.zip\", or \"PreInstalled\": \"yes\"");
            }
            warn(doc, "", "userdata.json (Greengrass V2)", "read; the Greengrass suite has no groups in this version, so nothing runs yet");
            return params;
        }

        /** The {@code version} of the source tree's {@code manifest.yml}, which IDT reads too; null when none. */
        private String manifestVersion(Path source) {
            Path m = source.resolve("manifest.yml");
            if (!Files.isRegularFile(m)) return null;
            try {
                JsonNode n = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(m.toFile());
                return n != null && n.path("version").isValueNode() ? n.path("version").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        // ---- resource.json

        private void resources(Doc doc) {
            JsonNode r = doc.root();
            if (!r.isArray()) throw error(doc, "", "(top level)", "must be a list of resource pools, but is " + kind(r), null);
            int n = 0;
            for (int i = 0; i < r.size(); i++) {
                JsonNode pool = r.get(i);
                object(doc, pool, "/" + i, "[" + i + "]");
                required(doc, pool, "/" + i, "[" + i + "]", "id");
                JsonNode devs = pool.path("devices");
                for (int j = 0; j < devs.size(); j++) {
                    JsonNode d = devs.get(j);
                    required(doc, d, "/" + i + "/devices/" + j, "[" + i + "].devices[" + j + "]", "id");
                    n++;
                }
            }
            warn(doc, "", "resource.json", "read (" + n + " resource device(s)), but no Qualify suite uses resource devices yet");
        }

        // ---- helpers

        private String fileRelative(Doc doc, String p) {
            if (p.startsWith("~/")) return Path.of(System.getProperty("user.home")).resolve(p.substring(2)).toString();
            Path path = Path.of(p);
            return (path.isAbsolute() ? path : doc.file().getParent().resolve(path)).normalize().toString();
        }

        private void warn(Doc doc, String ptr, String field, String what) {
            String id = doc.file().getFileName() + ":" + field;
            if (warnings.containsKey(id)) return;
            SourceLocation l = doc.locator().keyOf(ptr);
            warnings.put(id, l.file().getFileName() + ":" + l.line() + ":" + l.column() + ": " + field + ": " + what);
        }

        private void object(Doc doc, JsonNode node, String ptr, String key) {
            if (!node.isObject()) throw error(doc, ptr, key, "must be an object {...}, but is " + kind(node), null);
        }

        private JsonNode required(Doc doc, JsonNode node, String ptr, String key, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                String k = key.equals("(top level)") ? field : key + "." + field;
                throw error(doc, ptr, k, "required field '" + field + "' is missing (IDT rejects the file)", "add \"" + field + "\": ...");
            }
            return v;
        }

        private String text(Doc doc, JsonNode v, String ptr, String key) {
            if (!v.isTextual()) throw error(doc, ptr, key, "must be a string, but is " + kind(v), null);
            return v.asText();
        }

        private String scalar(Doc doc, JsonNode v, String ptr, String key) {
            if (!v.isValueNode() || v.isNull()) throw error(doc, ptr, key, "must be a string, but is " + kind(v), null);
            return v.asText();
        }

        private int integer(Doc doc, JsonNode v, String ptr, String key) {
            if (v.isIntegralNumber()) return v.asInt();
            if (v.isTextual() && v.asText().matches("\\d+")) return Integer.parseInt(v.asText());
            throw error(doc, ptr, key, "must be a number, but is " + kind(v), null);
        }

        @SuppressWarnings("unchecked")
        private Object plain(JsonNode n) {
            return JsonMapper.builder().build().convertValue(n, Object.class);
        }

        private ConfigException error(Doc doc, String ptr, String key, String problem, String suggestion) {
            return new ConfigException(doc.locator().keyOf(ptr), key, problem, suggestion);
        }
    }

    private static String kind(JsonNode n) {
        if (n.isArray()) return "a list";
        if (n.isObject()) return "an object";
        if (n.isNumber()) return "a number";
        if (n.isBoolean()) return "a boolean";
        if (n.isNull()) return "null";
        return "a string";
    }
}
