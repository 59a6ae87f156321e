package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.policy.Arns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The Greengrass V2 model of the emulated cloud: component versions (with their artifacts), thing groups,
 * deployments, core devices and role aliases, kept in the data dir ({@code greengrass/state.json} and
 * {@code greengrass/artifacts/NAME/VERSION/FILE}) so that they survive a restart and are shared between the
 * {@code qualify cloud} commands and a running cloud.
 *
 * <p>The operations mirror the Greengrass V2 and IoT control plane: {@link #createComponentVersion}
 * (CreateComponentVersion), {@link #listComponents} (ListComponents / ListComponentVersions),
 * {@link #createDeployment} (CreateDeployment), {@link #deployment} (GetDeployment), {@link #listDeployments},
 * {@link #effectiveDeployments} (ListEffectiveDeployments), {@link #cancelDeployment} (CancelDeployment),
 * {@link #listCoreDevices} (ListCoreDevices), {@link #createThingGroup} (CreateThingGroup),
 * {@link #addThingToThingGroup} (AddThingToThingGroup), {@link #createRoleAlias} (CreateRoleAlias). Bad input throws
 * {@link GreengrassException} whose message names the file or field. Delivery of deployments to devices is
 * {@link DeploymentDelivery}'s, in the running cloud. Thread-safe; every call sees other processes' changes.
 */
public final class GreengrassService {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final GreengrassStore store;
    private final Arns arns;
    private final Predicate<String> thingExists;
    private final ThingExecutions thingExecutions;

    /**
     * @param dataDir     the cloud's data dir
     * @param arns        region and account for ARNs
     * @param thingExists whether a thing is registered (deployment and group targets must be)
     */
    public GreengrassService(Path dataDir, Arns arns, Predicate<String> thingExists) {
        this.store = new GreengrassStore(dataDir);
        this.arns = arns;
        this.thingExists = thingExists;
        this.thingExecutions = new ThingExecutions(store);
    }

    /** The executions of thing deployments (delivered through the deployment shadow). */
    public ThingExecutions thingExecutions() {
        return thingExecutions;
    }

    /** Picks up changes other processes made; true when anything changed. */
    public boolean refresh() {
        return store.refresh();
    }

    /** Grows with every change. */
    public long generation() {
        store.refresh();
        return store.state().generation();
    }

    // ---- components -----------------------------------------------------------------------------------

    /**
     * Registers a component version from a recipe (YAML or JSON), copying its artifacts into the data dir.
     *
     * @param recipe       the recipe bytes
     * @param source       what to call the recipe in errors (its file name)
     * @param artifactsDir where the artifacts are ({@code DIR/FILE} or {@code DIR/NAME/VERSION/FILE}), or null
     * @throws GreengrassException for a bad recipe, a missing artifact, or a version that exists (CONFLICT)
     */
    public ComponentVersionRecord createComponentVersion(byte[] recipe, String source, Path artifactsDir) {
        Recipes.Prepared p = Recipes.prepare(recipe, source, artifactsDir);
        String arn = componentArn(p.name(), p.version());
        return store.update(d -> {
            if (d.components.containsKey(p.name() + ":" + p.version())) {
                throw new GreengrassException(GreengrassException.Kind.CONFLICT,
                        source + ": component " + p.name() + " version " + p.version() + " already exists");
            }
            Path dir = artifactDir(p.name(), p.version());
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, Path> e : p.artifactFiles().entrySet()) {
                    Path tmp = dir.resolve(e.getKey() + ".tmp");
                    Files.copy(e.getValue(), tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot store the artifacts in " + dir, ex);
            }
            ComponentVersionRecord r = new ComponentVersionRecord(p.name(), p.version(), arn, p.recipe().toString(), p.digests(),
                    System.currentTimeMillis());
            d.components.put(r.key(), r);
            d.changed = true;
            return r;
        });
    }

    /** All component versions, by name then version (highest last). */
    public List<ComponentVersionRecord> listComponents() {
        store.refresh();
        List<ComponentVersionRecord> all = new ArrayList<>(store.state().components().values());
        all.sort(Comparator.comparing(ComponentVersionRecord::componentName)
                .thenComparing(c -> Semver.parse(c.componentVersion())));
        return all;
    }

    public Optional<ComponentVersionRecord> componentVersion(String name, String version) {
        store.refresh();
        return Optional.ofNullable(store.state().components().get(name + ":" + version));
    }

    public Optional<ComponentVersionRecord> componentByArn(String arn) {
        return listComponents().stream().filter(c -> c.arn().equals(arn)).findFirst();
    }

    /** The stored file of an artifact of a component version, when both exist. */
    public Optional<Path> artifactFile(ComponentVersionRecord c, String artifactName) {
        if (!c.artifacts().containsKey(artifactName)) return Optional.empty();
        Path f = artifactDir(c.componentName(), c.componentVersion()).resolve(artifactName);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    public String componentArn(String name, String version) {
        return "arn:aws:greengrass:" + arns.region() + ":" + arns.account() + ":components:" + name + ":versions:" + version;
    }

    private Path artifactDir(String name, String version) {
        return store.dir().resolve("artifacts").resolve(name).resolve(version);
    }

    // ---- thing groups ---------------------------------------------------------------------------------

    /** Creates a thing group; creating an existing one returns it (as CreateThingGroup does). */
    public ThingGroupRecord createThingGroup(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "invalid thing group name (1-128 of a-z A-Z 0-9 : _ -): " + name);
        }
        return store.update(d -> {
            if (!d.thingGroups.containsKey(name)) {
                d.thingGroups.put(name, new ArrayList<>());
                d.changed = true;
            }
            return group(name, d.thingGroups.get(name));
        });
    }

    /** Adds a registered thing to an existing group (idempotent). */
    public ThingGroupRecord addThingToThingGroup(String groupName, String thing) {
        if (!thingExists.test(thing)) throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "no such thing: " + thing);
        return store.update(d -> {
            List<String> members = d.thingGroups.get(groupName);
            if (members == null) throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "no such thing group: " + groupName);
            if (!members.contains(thing)) {
                members.add(thing);
                d.changed = true;
            }
            return group(groupName, members);
        });
    }

    public List<ThingGroupRecord> listThingGroups() {
        store.refresh();
        List<ThingGroupRecord> out = new ArrayList<>();
        store.state().thingGroups().forEach((k, v) -> out.add(group(k, v)));
        return out;
    }

    /** The groups a thing is a member of (ListThingGroupsForCoreDevice). */
    public List<ThingGroupRecord> thingGroupsOf(String thing) {
        return listThingGroups().stream().filter(g -> g.things().contains(thing)).toList();
    }

    private ThingGroupRecord group(String name, List<String> members) {
        return new ThingGroupRecord(name, arns.prefix() + "thinggroup/" + name, members);
    }

    // ---- deployments ----------------------------------------------------------------------------------

    /**
     * Creates a deployment; an older ACTIVE deployment to the same target becomes CANCELED (a running cloud cancels
     * its job, or replaces the desired state of the thing's deployment shadow). Every component version must exist; a thing target must be registered, a group target must exist.
     */
    public DeploymentRecord createDeployment(DeploymentRequest req) {
        String targetArn = targetArn(req.target());
        if (req.components() == null || req.components().isEmpty()) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "a deployment needs at least one component");
        }
        String policy = req.failureHandlingPolicy() == null ? "ROLLBACK" : req.failureHandlingPolicy();
        if (!policy.equals("ROLLBACK") && !policy.equals("DO_NOTHING")) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "failureHandlingPolicy must be ROLLBACK or DO_NOTHING: " + policy);
        }
        Map<String, ComponentSpec> comps = new LinkedHashMap<>();
        req.components().forEach((name, spec) -> comps.put(name, normalise(name, spec)));
        return store.update(d -> {
            for (Map.Entry<String, ComponentSpec> e : comps.entrySet()) {
                if (!d.components.containsKey(e.getKey() + ":" + e.getValue().componentVersion())) {
                    throw new GreengrassException(GreengrassException.Kind.NOT_FOUND,
                            "unknown component version " + e.getKey() + "=" + e.getValue().componentVersion());
                }
            }
            String target = targetArn.substring(targetArn.lastIndexOf('/') + 1);
            if (targetArn.contains(":thinggroup/")) {
                if (!d.thingGroups.containsKey(target)) throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "no such thing group: " + target);
            } else if (!thingExists.test(target)) {
                throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "no such thing: " + target);
            }
            int revision = 1;
            for (DeploymentRecord old : new ArrayList<>(d.deployments.values())) {
                if (!old.targetArn().equals(targetArn)) continue;
                revision = Math.max(revision, old.revision() + 1);
                if (old.status().equals("ACTIVE")) d.deployments.put(old.deploymentId(), old.withStatus("CANCELED"));
            }
            String id = UUID.randomUUID().toString();
            String name = req.deploymentName() == null ? "Deployment for " + target : req.deploymentName();
            DeploymentRecord r = new DeploymentRecord(id, name, targetArn, comps, policy, "ACTIVE", revision, System.currentTimeMillis());
            d.deployments.put(id, r);
            d.changed = true;
            return r;
        });
    }

    public List<DeploymentRecord> listDeployments() {
        store.refresh();
        return List.copyOf(store.state().deployments().values());
    }

    public Optional<DeploymentRecord> deployment(String id) {
        store.refresh();
        return Optional.ofNullable(store.state().deployments().get(id));
    }

    /**
     * The ACTIVE deployments that reach a core device (ListEffectiveDeployments): to the thing itself or to a group
     * it is in, oldest first.
     */
    public List<DeploymentRecord> effectiveDeployments(String thing) {
        return listDeployments().stream().filter(d -> d.status().equals("ACTIVE") && targetThings(d).contains(thing)).toList();
    }

    /** The things a deployment reaches now: its thing, or the group's members. */
    public List<String> targetThings(DeploymentRecord r) {
        if (!r.isThingGroup()) return List.of(r.targetName());
        return store.state().thingGroups().getOrDefault(r.targetName(), List.of());
    }

    /**
     * The job document of a deployment, in the shape the nucleus parses (the deployment service's
     * {@code Configuration}): a JSON object with {@code components.NAME.version} and, per component, a
     * {@code configurationUpdate} whose {@code merge} is an object.
     */
    public ObjectNode jobDocument(DeploymentRecord r) {
        ObjectNode doc = F.objectNode();
        doc.put("deploymentId", r.deploymentId());
        doc.put("deploymentName", r.deploymentName());
        doc.put("configurationArn", configurationArn(r));
        doc.putArray("requiredCapabilities");
        ObjectNode comps = doc.putObject("components");
        r.components().forEach((name, spec) -> {
            ObjectNode c = comps.putObject(name);
            c.put("version", spec.componentVersion());
            if (spec.configurationUpdate() != null && !spec.configurationUpdate().isNull()) {
                c.set("configurationUpdate", spec.configurationUpdate().deepCopy());
            }
        });
        doc.put("creationTimestamp", r.creationTimestamp());
        doc.put("failureHandlingPolicy", r.failureHandlingPolicy());
        ObjectNode cup = doc.putObject("componentUpdatePolicy");
        cup.put("timeout", 60);
        cup.put("action", "NOTIFY_COMPONENTS");
        doc.putObject("configurationValidationPolicy").put("timeout", 60);
        return doc;
    }

    /**
     * The deployment's configuration ARN ({@code arn:aws:greengrass:R:A:configuration:thing/T:REVISION} or
     * {@code ...:thinggroup/G:REVISION}): what the nucleus reports status against for a shadow deployment.
     */
    public String configurationArn(DeploymentRecord r) {
        String kind = r.isThingGroup() ? "thinggroup/" : "thing/";
        return "arn:aws:greengrass:" + arns.region() + ":" + arns.account() + ":configuration:" + kind + r.targetName() + ":" + r.revision();
    }

    /**
     * Cancels an ACTIVE deployment (CancelDeployment): a running cloud cancels its job, or sets the thing's deployment
     * shadow to {@code desiredStatus: CANCELED}.
     *
     * @throws GreengrassException NOT_FOUND for an unknown id, CONFLICT when it is not ACTIVE
     */
    public DeploymentRecord cancelDeployment(String id) {
        return store.update(d -> {
            DeploymentRecord r = d.deployments.get(id);
            if (r == null) throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "no such deployment: " + id);
            if (!r.status().equals("ACTIVE")) {
                throw new GreengrassException(GreengrassException.Kind.CONFLICT, "deployment " + id + " is " + r.status() + ", not ACTIVE");
            }
            DeploymentRecord c = r.withStatus("CANCELED");
            d.deployments.put(id, c);
            d.changed = true;
            return c;
        });
    }

    private String targetArn(String target) {
        if (target == null) throw new GreengrassException(GreengrassException.Kind.VALIDATION, "no target (thing:T or group:G)");
        if (target.startsWith("thing:")) return arns.prefix() + "thing/" + target.substring(6);
        if (target.startsWith("group:")) return arns.prefix() + "thinggroup/" + target.substring(6);
        if (target.startsWith(arns.prefix() + "thing/") || target.startsWith(arns.prefix() + "thinggroup/")) return target;
        throw new GreengrassException(GreengrassException.Kind.VALIDATION, "target must be thing:T, group:G or a thing or thing group ARN: " + target);
    }

    private static ComponentSpec normalise(String name, ComponentSpec spec) {
        if (spec == null || spec.componentVersion() == null || !Semver.isValid(spec.componentVersion())) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": version is not semver: "
                    + (spec == null ? null : spec.componentVersion()));
        }
        JsonNode cu = spec.configurationUpdate();
        if (cu == null || cu.isNull()) return new ComponentSpec(spec.componentVersion().trim(), null);
        if (!cu.isObject()) throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": configurationUpdate must be an object");
        ObjectNode out = F.objectNode();
        JsonNode merge = cu.get("merge");
        if (merge != null && !merge.isNull()) {
            if (merge.isTextual()) {
                try {
                    merge = Recipes.JSON.readTree(merge.asText());
                } catch (IOException e) {
                    throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": configurationUpdate.merge is not JSON");
                }
            }
            if (!merge.isObject()) throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": configurationUpdate.merge must be an object");
            out.set("merge", merge);
        }
        JsonNode reset = cu.get("reset");
        if (reset != null && !reset.isNull()) {
            if (!reset.isArray()) throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": configurationUpdate.reset must be a list");
            out.set("reset", reset);
        }
        for (var it = cu.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("merge") && !k.equals("reset")) {
                throw new GreengrassException(GreengrassException.Kind.VALIDATION, "component " + name + ": configurationUpdate has unknown field '" + k + "' (merge, reset)");
            }
        }
        return new ComponentSpec(spec.componentVersion().trim(), out);
    }

    // ---- core devices and health ----------------------------------------------------------------------

    /**
     * Records a status message a nucleus published on {@code $aws/things/T/greengrassv2/health/json}; the first one
     * registers the core device.
     */
    public CoreDeviceRecord recordHealth(String thing, JsonNode msg) {
        CoreDeviceRecord r = new CoreDeviceRecord(thing, msg.path("overallDeviceStatus").asText("UNKNOWN"),
                msg.path("ggcVersion").asText(""), msg.path("platform").asText(""), msg.path("architecture").asText(""),
                msg.path("trigger").asText(""), System.currentTimeMillis(), msg.toString());
        return store.update(d -> {
            d.coreDevices.put(thing, r);
            d.changed = true;
            return r;
        });
    }

    public List<CoreDeviceRecord> listCoreDevices() {
        store.refresh();
        return List.copyOf(store.state().coreDevices().values());
    }

    // ---- role aliases ---------------------------------------------------------------------------------

    /** Creates a role alias (CreateRoleAlias); an existing alias is a CONFLICT. */
    public RoleAliasRecord createRoleAlias(String alias, String roleArn, int credentialDurationSeconds) {
        if (alias == null || !alias.matches("[\\w=,@-]{1,128}")) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "invalid role alias (1-128 of letters, digits, = , @ - _): " + alias);
        }
        if (roleArn == null || !roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "--role-arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME): " + roleArn);
        }
        if (credentialDurationSeconds < 900 || credentialDurationSeconds > 43_200) {
            throw new GreengrassException(GreengrassException.Kind.VALIDATION, "credential duration must be 900-43200 seconds: " + credentialDurationSeconds);
        }
        return store.update(d -> {
            if (d.roleAliases.containsKey(alias)) throw new GreengrassException(GreengrassException.Kind.CONFLICT, "role alias exists: " + alias);
            RoleAliasRecord r = new RoleAliasRecord(alias, arns.prefix() + "rolealias/" + alias, roleArn, credentialDurationSeconds,
                    System.currentTimeMillis());
            d.roleAliases.put(alias, r);
            d.changed = true;
            return r;
        });
    }

    /** Deletes a role alias (DeleteRoleAlias); one that does not exist is NOT_FOUND. */
    public void deleteRoleAlias(String alias) {
        store.update(d -> {
            if (d.roleAliases.remove(alias) == null) {
                throw new GreengrassException(GreengrassException.Kind.NOT_FOUND, "Role alias " + alias + " does not exist.");
            }
            d.changed = true;
            return null;
        });
    }

    public Optional<RoleAliasRecord> roleAlias(String alias) {
        store.refresh();
        return Optional.ofNullable(store.state().roleAliases().get(alias));
    }

    public List<RoleAliasRecord> listRoleAliases() {
        store.refresh();
        return List.copyOf(store.state().roleAliases().values());
    }
}
