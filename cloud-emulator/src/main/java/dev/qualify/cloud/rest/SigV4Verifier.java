package dev.qualify.cloud.rest;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the AWS Signature Version 4 of a request by signing the same request again with the AWS SDK's own
 * signer ({@link AwsV4HttpSigner}) and the cloud's secret, then comparing the signatures in constant time.
 * Only the headers the client says it signed take part. Requests older or newer than 15 minutes, for another
 * access key or region, fail.
 */
public final class SigV4Verifier {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration SKEW = Duration.ofMinutes(15);

    private final ControlPlaneCredentials credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4Verifier(ControlPlaneCredentials credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Verifies a request.
     *
     * @param method  HTTP method
     * @param rawPath the path as sent (percent-encoded)
     * @param query   decoded query parameters
     * @param headers the request's headers, names in lower case
     * @param body    the body as sent
     * @return the service name the request was signed for (its credential scope's)
     * @throws RestException 403 when it is unsigned or the signature does not verify, naming why
     */
    public String verify(String method, String rawPath, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
        String auth = headers.get("authorization");
        if (auth == null || auth.isBlank()) {
            throw RestException.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher m = AUTH.matcher(auth.trim());
        if (!m.matches()) throw RestException.forbidden("IncompleteSignatureException", "the Authorization header is not an AWS4-HMAC-SHA256 signature");
        String keyId = m.group(1);
        String scopeRegion = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String signature = m.group(6);
        if (!keyId.equals(credentials.accessKeyId())) {
            throw RestException.forbidden("UnrecognizedClientException", "The security token included in the request is invalid");
        }
        if (!scopeRegion.equals(region)) {
            throw RestException.forbidden("InvalidSignatureException", "Credential should be scoped to a valid region: this cloud is " + region);
        }
        Instant signedAt = signedAt(headers.get("x-amz-date"));
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(SKEW) > 0) {
            throw RestException.forbidden("InvalidSignatureException", "Signature expired: signed at " + signedAt + ", now " + clock.instant());
        }
        if (!signedHeaders.contains("host")) throw RestException.forbidden("InvalidSignatureException", "the host header must be signed");

        String host = headers.getOrDefault("host", "");
        SdkHttpRequest.Builder req = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("https")
                .host(hostName(host))
                .encodedPath(rawPath)
                .rawQueryParameters(query);
        int port = hostPort(host);
        if (port > 0) req.port(port);
        for (String h : signedHeaders) {
            String v = headers.get(h);
            if (v == null) throw RestException.forbidden("InvalidSignatureException", "signed header " + h + " is missing");
            req.putHeader(h, v);
        }
        SignedRequest signed = signer.sign(r -> r.identity(AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()))
                .request(req.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, scopeRegion)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String expected = signed.request().firstMatchingHeader("Authorization").orElse("");
        Matcher e = AUTH.matcher(expected);
        if (!e.matches() || !MessageDigest.isEqual(e.group(6).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw RestException.forbidden("InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return service;
    }

    private static Instant signedAt(String amzDate) {
        if (amzDate == null) throw RestException.forbidden("IncompleteSignatureException", "the x-amz-date header is missing");
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ex) {
            throw RestException.forbidden("IncompleteSignatureException", "x-amz-date is not yyyyMMddTHHmmssZ: " + amzDate);
        }
    }

    private static String hostName(String host) {
        if (host.startsWith("[")) return host.substring(0, host.indexOf(']') + 1);
        int c = host.lastIndexOf(':');
        return (c < 0 ? host : host.substring(0, c)).toLowerCase(Locale.ROOT);
    }

    private static int hostPort(String host) {
        int c = host.lastIndexOf(':');
        if (c < 0 || host.endsWith("]")) return -1;
        try {
            return Integer.parseInt(host.substring(c + 1));
        } catch (NumberFormatException ex) {
            return -1;
        }
    }
}
