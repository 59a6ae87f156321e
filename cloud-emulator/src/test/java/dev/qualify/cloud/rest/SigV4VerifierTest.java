package dev.qualify.cloud.rest;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SigV4 verification against requests signed by the AWS SDK's signer. */
class SigV4VerifierTest {
    static final ControlPlaneCredentials CREDS = new ControlPlaneCredentials("AKQCTEST", "s3cr3t-s3cr3t");
    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    static final String PATH = "/attached-policies/arn%3Aaws%3Aiot%3Aus-east-1%3A000000000000%3Acert%2Fabc";

    record Signed(Map<String, String> headers, Map<String, List<String>> query) {
    }

    static Signed sign(String secret, String region, Instant at, String body) {
        SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("https").host("localhost").port(8443)
                .encodedPath(PATH).putRawQueryParameter("pageSize", "5").putHeader("Content-Type", "application/json").build();
        SdkHttpRequest s = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(CREDS.accessKeyId(), secret))
                .request(req).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region).putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "iot")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, String> h = new HashMap<>();
        s.forEachHeader((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        h.putIfAbsent("host", "localhost:8443");
        return new Signed(h, s.rawQueryParameters());
    }

    static void verify(Signed s, String body) {
        new SigV4Verifier(CREDS, "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify("POST", PATH, s.query(), s.headers(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestTheSdkSignedWithTheSecretVerifies() {
        assertThatCode(() -> verify(sign(CREDS.secretAccessKey(), "us-east-1", NOW.minusSeconds(60), "{}"), "{}")).doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyAWrongSecretAnOldSignatureOrAnotherRegionAreRefused() {
        assertThatThrownBy(() -> verify(sign(CREDS.secretAccessKey(), "us-east-1", NOW, "{}"), "{\"x\":1}"))
                .isInstanceOfSatisfying(RestException.class, e -> org.assertj.core.api.Assertions.assertThat(e.errorType()).isEqualTo("InvalidSignatureException"));
        assertThatThrownBy(() -> verify(sign("other", "us-east-1", NOW, "{}"), "{}")).hasMessageContaining("does not match");
        assertThatThrownBy(() -> verify(sign(CREDS.secretAccessKey(), "us-east-1", NOW.minusSeconds(16 * 60), "{}"), "{}"))
                .hasMessageContaining("Signature expired");
        assertThatThrownBy(() -> verify(sign(CREDS.secretAccessKey(), "eu-west-1", NOW, "{}"), "{}")).hasMessageContaining("region");
    }

    @Test
    void aChangedQueryOrAMissingSignedHeaderIsRefused() {
        Signed s = sign(CREDS.secretAccessKey(), "us-east-1", NOW, "{}");
        assertThatThrownBy(() -> verify(new Signed(s.headers(), Map.of("pageSize", List.of("6"))), "{}")).hasMessageContaining("does not match");
        Map<String, String> h = new HashMap<>(s.headers());
        h.remove("content-type");
        assertThatThrownBy(() -> verify(new Signed(h, s.query()), "{}")).hasMessageContaining("signed header content-type is missing");
        Map<String, String> none = new HashMap<>(s.headers());
        none.remove("authorization");
        assertThatThrownBy(() -> verify(new Signed(none, s.query()), "{}"))
                .isInstanceOfSatisfying(RestException.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(403));
    }
}
