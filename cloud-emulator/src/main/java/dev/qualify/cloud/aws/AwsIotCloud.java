package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.GreengrassCores;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.CorePolicies;
import dev.qualify.cloud.policy.DefaultPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code cloud.type: aws-iot}: an AWS IoT Core account (or anything speaking its API at {@code endpoint}). Each
 * provisioned device gets a thing named {@code <prefix><tag>-<name>} ({@code <tag>}: the last 8 characters of the name of
 * the cloud's directory, {@code RUN_DIR/work/cloud-<tag>}; attribute {@code qualifyRun}: the run's id), a fresh key and ACTIVE certificate and a
 * policy scoped to that thing, each recorded in the run's {@link ResourceLedger} (and told to the run's journal as a
 * note naming it) as it is created. A Greengrass core device ({@link GreengrassCores}, through {@code unwrap}) also
 * gets a role alias {@code <thing>-TokenExchangeRoleAlias} pointing at {@code cloud.tokenExchangeRoleArn}, recorded
 * the same way, and a policy with what the nucleus needs. {@link #close()}
 * (end of run, failure, interruption) and a JVM shutdown hook (Ctrl-C, SIGTERM) delete them all; after a kill -9,
 * {@code qualify cloud cleanup --run} does. It offers none of the emulator's capabilities (no packet capture,
 * faults, audit), so checks that need them are skipped.
 */
public final class AwsIotCloud implements Cloud, GreengrassCores {
    public static final String TYPE = "aws-iot";
    private static final Logger LOG = LoggerFactory.getLogger(AwsIotCloud.class);

    private final AwsIotConnection connection;
    private final ResourceLedger ledger;
    private final String runTag;
    private final String runId;
    private final Path runDir;
    private final String rootCaPem;
    private final List<CloudResource> created = new CopyOnWriteArrayList<>();
    private final Consumer<String> notes;
    private final Thread hook;
    private volatile boolean closed;
    private volatile AwsIotCleaner.Report lastCleanup;

    private AwsIotCloud(AwsIotConnection connection, ResourceLedger ledger, String runTag, String runId, Path runDir, String rootCaPem,
                        Consumer<String> notes) {
        this.runId = runId;
        this.runDir = runDir;
        this.connection = connection;
        this.notes = notes;
        this.ledger = ledger;
        this.runTag = runTag;
        this.rootCaPem = rootCaPem;
        this.hook = new Thread(this::close, "qualify-aws-iot-cleanup");
    }

    /**
     * Connects (checking credentials, reachability, trust and the data endpoint) and starts the run's ledger.
     *
     * @param workDir the run's directory for this cloud; its name tags every resource
     */
    public static AwsIotCloud start(AwsIotSettings settings, Path workDir) {
        return start(settings, workDir, n -> { });
    }

    /**
     * As {@link #start(AwsIotSettings, Path)}, telling {@code notes} one sentence per resource as it is created
     * ({@code aws-iot: created thing NAME (aws-iot-resources.jsonl)}), one naming all deleted at close, and one naming
     * what could not be deleted; never a secret.
     */
    public static AwsIotCloud start(AwsIotSettings settings, Path workDir, Consumer<String> notes) {
        String rootCa = AwsIotClients.rootCaPem(settings);
        AwsIotConnection c = AwsIotConnection.open(settings);
        String tag = workDir.getFileName().toString().replaceAll("[^a-zA-Z0-9]", "");
        tag = tag.substring(Math.max(0, tag.length() - 8));
        // the run's directory (RUN_DIR/work/cloud-<tag>, or RUN_DIR/cloud-<tag>) is named by the run's id, kept on each thing
        Path runDir = workDir.toAbsolutePath().getParent();
        if (runDir != null && runDir.getFileName() != null && runDir.getFileName().toString().equals("work")) runDir = runDir.getParent();
        String runId = runDir != null && runDir.getFileName() != null && runDir.getFileName().toString().matches("[a-zA-Z0-9_.,@/:#=-]{1,800}")
                ? runDir.getFileName().toString() : tag;
        AwsIotCloud cloud = new AwsIotCloud(c, ResourceLedger.create(workDir, settings), tag, runId,
                runDir != null ? runDir : workDir.toAbsolutePath(), rootCa, notes);
        Runtime.getRuntime().addShutdownHook(cloud.hook);
        LOG.info("aws-iot cloud: data endpoint {}, resources recorded in {}", c.dataEndpoint(), cloud.ledger.file());
        return cloud;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Endpoint mqttEndpoint() {
        return connection.dataEndpoint();
    }

    @Override
    public Set<CloudCapability> capabilities() {
        return EnumSet.noneOf(CloudCapability.class);
    }

    /** The name the thing for a device gets. */
    public String thingNameFor(String name) {
        return connection.settings().prefix() + runTag + "-" + name;
    }

    @Override
    public DeviceCredentials provisionThing(String thingName) {
        return provision(thingName, (thing, arns) -> DefaultPolicies.documentFor(thing, arns));
    }

    /** The role alias a core device's nucleus exchanges its certificate through. */
    public String roleAliasFor(String deviceId) {
        return CorePolicies.roleAliasFor(thingNameFor(deviceId));
    }

    /**
     * {@inheritDoc}
     *
     * @throws CloudException naming {@code cloud.tokenExchangeRoleArn} when it is not set (before anything is created)
     */
    @Override
    public CoreDevice provision(String deviceId) {
        if (closed) throw new CloudException("the aws-iot cloud is closed");
        String role = connection.settings().tokenExchangeRoleArn();
        if (role == null) {
            throw new CloudException("cloud." + AwsIotSettings.TOKEN_EXCHANGE_ROLE_ARN + " is required for a Greengrass core device ("
                    + deviceId + "): the IAM role its role alias points at (arn:aws:iam::ACCOUNT:role/NAME)");
        }
        Endpoint credentialsEndpoint = connection.credentialsEndpoint();
        String alias = roleAliasFor(deviceId);
        DeviceCredentials creds = provision(deviceId, (thing, arns) -> {
            record(new CloudResource(CloudResource.ROLE_ALIAS, alias));
            String aliasArn = connection.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(role)).roleAliasArn();
            return CorePolicies.documentFor(thing, arns, aliasArn);
        });
        return new CoreDevice(creds, credentialsEndpoint, alias);
    }

    /** Creates the thing, its active certificate and a policy with the document {@code policyFor} gives, attached. */
    private DeviceCredentials provision(String name, BiFunction<String, Arns, String> policyFor) {
        if (closed) throw new CloudException("the aws-iot cloud is closed");
        String thing = thingNameFor(name);
        var iot = connection.iot();
        try {
            record(new CloudResource(CloudResource.THING, thing));
            String thingArn = iot.createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of(
                    AwsIotCleaner.CREATED_ATTRIBUTE, Long.toString(Instant.now().getEpochSecond()), "qualifyRun", runId)))).thingArn();
            CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            record(new CloudResource(CloudResource.CERTIFICATE, keys.certificateId()));
            String document = policyFor.apply(thing, arnsOf(thingArn));
            String policy = thing + "-policy";
            record(new CloudResource(CloudResource.POLICY, policy));
            iot.createPolicy(r -> r.policyName(policy).policyDocument(document));
            iot.attachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName(thing).principal(keys.certificateArn()));
            return new DeviceCredentials(thing, keys.certificatePem(), keys.keyPair().privateKey(), rootCaPem, mqttEndpoint());
        } catch (SdkException e) {
            throw new CloudException("cannot provision thing " + thing + " in AWS IoT: " + e.getMessage(), e);
        }
    }

    /** The resources this run created and has not deleted, oldest first. */
    public List<CloudResource> created() {
        return List.copyOf(created);
    }

    /** The ledger file in the run's directory. */
    public Path ledgerFile() {
        return ledger.file();
    }

    /** What {@link #close()} did, or null before it ran. */
    public AwsIotCleaner.Report lastCleanup() {
        return lastCleanup;
    }

    private void record(CloudResource r) {
        ledger.created(r);
        created.add(r);
        notes.accept(TYPE + ": created " + r + " (" + ledger.file().getFileName() + ")");
    }

    /** The region and account of a thing's ARN ({@code arn:aws:iot:REGION:ACCOUNT:thing/NAME}). */
    private static Arns arnsOf(String thingArn) {
        String[] p = thingArn.split(":", 6);
        if (p.length < 6) throw new CloudException("unexpected thing ARN from AWS IoT: " + thingArn);
        return new Arns(p[3], p[4]);
    }

    /** Deletes everything the run created (what could not be deleted is logged by name) and closes the clients. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException shuttingDown) {
            // running in the hook, or the JVM is exiting
        }
        try {
            List<CloudResource> todo = new ArrayList<>(created);
            List<String> deleted = new ArrayList<>();
            AwsIotCleaner.Report r = new AwsIotCleaner(connection.iot()).delete(todo, d -> {
                ledger.deleted(d);
                created.remove(d);
                deleted.add(d.toString());
            });
            if (!deleted.isEmpty()) notes.accept(TYPE + ": deleted " + String.join(", ", deleted));
            if (!r.clean()) notes.accept(TYPE + ": could not delete " + r.failed().keySet() + "; qualify cloud cleanup --run " + runDir + " retries");
            lastCleanup = r;
            LOG.info("aws-iot cloud: deleted {} resource(s){}", r.deleted().size() + r.alreadyGone().size(),
                    r.clean() ? "" : "; could not delete " + r.failed() + " (qualify cloud cleanup --run retries)");
        } finally {
            ledger.close();
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "AwsIotCloud[" + mqttEndpoint() + ", ledger=" + ledger.file() + "]";
    }
}
