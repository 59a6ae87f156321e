package dev.qualify.cloud.rest;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.HiveMq;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.DescribeCertificateResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The control plane driven by the real AWS SDK for Java v2 {@code iot} client (endpoint override, the cloud's
 * credentials, a trust store holding only the cloud's CA), and the device it provisions connecting with MQTT.
 */
class IotControlPlaneSdkIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    ControlPlane cp;
    SdkHttpClient http;

    @BeforeEach
    void start() throws Exception {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withControlPort(0));
        cp = cloud.controlPlane().orElseThrow();
        http = SdkClients.http(cloud);
    }

    @AfterEach
    void stop() {
        http.close();
        cloud.close();
    }

    IotClient client(AwsCredentialsProvider creds) {
        return IotClient.builder().endpointOverride(SdkClients.endpoint(cp))
                .region(Region.US_EAST_1).credentialsProvider(creds).httpClient(http).build();
    }

    IotClient client() {
        return client(SdkClients.credentials(cp));
    }

    @Test
    void sdkProvisionsAThingWhoseCertificateConnectsAndThenDeletesEverything() throws Exception {
        try (IotClient iot = client()) {
            String thing = "sdk-dev-1";
            assertThat(iot.createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("run", "r1")))).thingArn())
                    .isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/" + thing);
            DescribeThingResponse described = iot.describeThing(r -> r.thingName(thing));
            assertThat(described.attributes()).containsEntry("run", "r1");
            assertThat(iot.listThings(r -> r.attributeName("run").attributeValue("r1")).things())
                    .extracting(t -> t.thingName()).containsExactly(thing);

            CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            assertThat(keys.keyPair().privateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
            DescribeCertificateResponse cert = iot.describeCertificate(r -> r.certificateId(keys.certificateId()));
            assertThat(cert.certificateDescription().status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(cert.certificateDescription().certificatePem()).isEqualTo(keys.certificatePem());
            assertThat(cert.certificateDescription().creationDate()).isNotNull();

            String policy = thing + "-policy";
            String doc = """
                    {"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:000000000000:client/%1$s"},
                      {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"arn:aws:iot:us-east-1:000000000000:topic/%1$s/*"},
                      {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:us-east-1:000000000000:topicfilter/%1$s/*"}]}
                    """.formatted(thing);
            assertThat(iot.createPolicy(r -> r.policyName(policy).policyDocument(doc)).policyArn()).endsWith(":policy/" + policy);
            assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName(policy).policyDocument(doc)))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThat(iot.getPolicy(r -> r.policyName(policy)).policyDocument()).isEqualTo(doc);
            iot.attachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName(thing).principal(keys.certificateArn()));
            assertThat(iot.listThingPrincipals(r -> r.thingName(thing)).principals()).containsExactly(keys.certificateArn());
            assertThat(iot.listAttachedPolicies(r -> r.target(keys.certificateArn())).policies())
                    .extracting(p -> p.policyName()).containsExactly(policy);

            String address = iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();
            Endpoint data = new Endpoint(address.substring(0, address.lastIndexOf(':')), Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
            assertThat(data.port()).isEqualTo(cloud.mqttEndpoint().port());

            DeviceCredentials creds = new DeviceCredentials(thing, keys.certificatePem(), keys.keyPair().privateKey(), cloud.rootCaPem(), data);
            Mqtt5BlockingClient mqtt = HiveMq.v5(creds, thing);
            mqtt.connect();
            mqtt.subscribeWith().topicFilter(thing + "/echo").qos(MqttQos.AT_LEAST_ONCE).send();
            try (Mqtt5BlockingClient.Mqtt5Publishes pubs = mqtt.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                mqtt.publishWith().topic(thing + "/echo").qos(MqttQos.AT_LEAST_ONCE).payload("hi".getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> got = pubs.receive(10, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
            }

            // a deactivated certificate's connection is closed and it cannot connect again
            iot.updateCertificate(r -> r.certificateId(keys.certificateId()).newStatus(CertificateStatus.INACTIVE));
            await().atMost(20, TimeUnit.SECONDS).until(() -> !mqtt.getState().isConnected());
            assertThatThrownBy(() -> HiveMq.v5(creds, thing).connect()).isInstanceOf(Mqtt5ConnAckException.class);

            assertThatThrownBy(() -> iot.deleteThing(r -> r.thingName(thing))).isInstanceOf(IotException.class)
                    .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> iot.deletePolicy(r -> r.policyName(policy))).isInstanceOf(DeleteConflictException.class);
            iot.detachThingPrincipal(r -> r.thingName(thing).principal(keys.certificateArn()));
            iot.detachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
            iot.deletePolicy(r -> r.policyName(policy));
            iot.deleteCertificate(r -> r.certificateId(keys.certificateId()));
            iot.deleteThing(r -> r.thingName(thing));

            assertThat(iot.listThings().things()).isEmpty();
            assertThatThrownBy(() -> iot.describeThing(r -> r.thingName(thing))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> iot.describeCertificate(r -> r.certificateId(keys.certificateId()))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> iot.getPolicy(r -> r.policyName(policy))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void anActiveCertificateCannotBeDeletedAndARevokedOneCannotComeBack() {
        try (IotClient iot = client()) {
            CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            assertThatThrownBy(() -> iot.deleteCertificate(r -> r.certificateId(keys.certificateId())))
                    .isInstanceOfSatisfying(IotException.class, e -> assertThat(e.statusCode()).isEqualTo(406));
            iot.updateCertificate(r -> r.certificateId(keys.certificateId()).newStatus(CertificateStatus.REVOKED));
            assertThat(iot.describeCertificate(r -> r.certificateId(keys.certificateId())).certificateDescription().status())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThatThrownBy(() -> iot.updateCertificate(r -> r.certificateId(keys.certificateId()).newStatus(CertificateStatus.ACTIVE)))
                    .isInstanceOfSatisfying(IotException.class, e -> assertThat(e.statusCode()).isEqualTo(406));
            iot.deleteCertificate(r -> r.certificateId(keys.certificateId()));
        }
    }

    @Test
    void listThingsPagesWithNextToken() {
        try (IotClient iot = client()) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                iot.createThing(r -> r.thingName("page-" + n));
            }
            assertThat(iot.listThingsPaginator(r -> r.maxResults(2)).things().stream().map(t -> t.thingName()).toList())
                    .containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
            assertThat(iot.listThings(r -> r.maxResults(2)).nextToken()).isNotNull();
        }
    }

    @Test
    void roleAliasesAreCreatedDescribedListedInPagesAndDeletedAndTheCredentialsEndpointIsDescribed() {
        try (IotClient iot = client()) {
            String role = "arn:aws:iam::000000000000:role/TokenExchange";
            for (String a : List.of("alias-b", "alias-a", "alias-c")) iot.createRoleAlias(r -> r.roleAlias(a).roleArn(role));
            assertThat(iot.listRoleAliasesPaginator(r -> r.pageSize(2)).roleAliases().stream().toList())
                    .containsExactly("alias-a", "alias-b", "alias-c");
            assertThat(iot.listRoleAliases(r -> r.pageSize(2)).nextMarker()).isNotNull();
            assertThat(iot.describeRoleAlias(r -> r.roleAlias("alias-a")).roleAliasDescription().roleAliasArn())
                    .isEqualTo("arn:aws:iot:us-east-1:000000000000:rolealias/alias-a");

            iot.deleteRoleAlias(r -> r.roleAlias("alias-a"));
            assertThat(iot.listRoleAliases(r -> { }).roleAliases()).containsExactly("alias-b", "alias-c");
            assertThatThrownBy(() -> iot.describeRoleAlias(r -> r.roleAlias("alias-a"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> iot.deleteRoleAlias(r -> r.roleAlias("alias-a"))).isInstanceOf(ResourceNotFoundException.class);

            assertThat(iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress())
                    .isEqualTo("127.0.0.1:" + cloud.greengrassEndpoint().orElseThrow().port());
        }
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedWith403() {
        try (IotClient iot = client(AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> iot.listThings()).isInstanceOfSatisfying(IotException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
            });
        }
        assertThat(cloud.registry().things()).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedWith403AndChangesNothing() {
        ControlPlaneCredentials c = cp.credentials();
        try (IotClient iot = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey() + "x")))) {
            assertThatThrownBy(() -> iot.createThing(r -> r.thingName("intruder"))).isInstanceOfSatisfying(IotException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            });
        }
        try (IotClient iot = client(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDUNKNOWN", c.secretAccessKey())))) {
            assertThatThrownBy(() -> iot.listThings()).isInstanceOfSatisfying(IotException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(cloud.registry().thing("intruder")).isEmpty();
    }

    @Test
    void aSignedRequestForAnUnknownOperationGets404InTheIotErrorShape() throws Exception {
        RawHttps.Response r = RawHttps.signed(cloud, cp, "GET", "/no-such-operation/x", "");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("x-amzn-ErrorType")).contains("UnknownOperationException");
        assertThat(r.json().path("message").asText()).contains("/no-such-operation/x");
    }

    @Test
    void anUnsignedRawRequestGets403InTheIotErrorShape() throws Exception {
        RawHttps.Response r = RawHttps.unsigned(cloud, cp, "GET", "/things");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");
        assertThat(r.json().path("message").asText()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void theAdminClientCertificateAuthenticatesWithoutASignature() throws Exception {
        cloud.provisionThing("seen-by-admin");
        RawHttps.Response r = RawHttps.withClientCertificate(cloud, cp, "GET", "/things");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("things").get(0).path("thingName").asText()).isEqualTo("seen-by-admin");
    }

    @Test
    void theCredentialsAreKeptOwnerOnlyInTheDataDirAndSurviveARestart() throws Exception {
        Path file = ControlPlaneCredentials.file(dir);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file)).contains("[qualify-cloud]", cp.credentials().accessKeyId());
        assertThat(cp.credentials().toString()).doesNotContain(cp.credentials().secretAccessKey());
        ControlPlaneCredentials before = cp.credentials();
        cloud.close();
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withControlPort(0));
        cp = cloud.controlPlane().orElseThrow();
        assertThat(cp.credentials()).isEqualTo(before);
        try (IotClient iot = client()) {
            iot.createThing(r -> r.thingName("after-restart"));
        }
        assertThat(cloud.registry().thing("after-restart")).isPresent();
    }
}
