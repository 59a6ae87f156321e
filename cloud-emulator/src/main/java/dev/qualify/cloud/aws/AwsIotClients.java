package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.CloudException;
import dev.qualify.cloud.ca.Pem;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Builds the AWS SDK {@code iot} client and the credentials and trust the settings name, and checks the
 * credentials are there. Never prints a secret.
 */
public final class AwsIotClients {
    private AwsIotClients() {
    }

    /**
     * The credentials provider, checked: they must resolve.
     *
     * @throws CloudException saying which credentials are missing
     */
    public static AwsCredentialsProvider credentials(AwsIotSettings s) {
        AwsCredentialsProvider p;
        String what;
        if (s.credentials().equals("environment")) {
            p = EnvironmentVariableCredentialsProvider.create();
            what = "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
        } else {
            ProfileCredentialsProvider.Builder b = ProfileCredentialsProvider.builder().profileName(s.profile());
            if (s.credentialsFile() != null) {
                b.profileFile(ProfileFile.builder().content(s.credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build());
            }
            p = b.build();
            what = "profile '" + s.profile() + "' of " + (s.credentialsFile() != null ? s.credentialsFile().toString() : "the shared credentials file (~/.aws/credentials)");
        }
        try {
            p.resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            throw new CloudException("missing AWS credentials: none in " + what);
        }
        return p;
    }

    /** An HTTP client that trusts the settings' CA (or the JVM's trust store when there is none). */
    public static SdkHttpClient http(AwsIotSettings s) {
        ApacheHttpClient.Builder b = ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30));
        if (s.ca() != null) {
            TrustManagerFactory tmf = trusting(caCertificate(s));
            b.tlsTrustManagersProvider(tmf::getTrustManagers);
        }
        return b.build();
    }

    /** The {@code iot} client for the settings' region and endpoint. */
    public static IotClient iot(AwsIotSettings s, AwsCredentialsProvider creds, SdkHttpClient http) {
        var b = IotClient.builder().region(Region.of(s.region())).credentialsProvider(creds).httpClient(http)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)));
        if (s.endpoint() != null) b.endpointOverride(s.endpoint());
        return b.build();
    }

    /** The PEM text of the root CA devices must trust: the settings' {@code ca}, or Amazon Root CA 1. */
    public static String rootCaPem(AwsIotSettings s) {
        return Pem.encode(caCertificate(s));
    }

    private static X509Certificate caCertificate(AwsIotSettings s) {
        if (s.ca() == null) return amazonRootCa1();
        try {
            return Pem.certificate(Files.readString(s.ca()));
        } catch (IOException | RuntimeException e) {
            throw new CloudException("cloud.ca " + s.ca() + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /** Amazon Root CA 1 from the JVM's trust store (every current JDK and Debian's ca-certificates ship it). */
    private static X509Certificate amazonRootCa1() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof javax.net.ssl.X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        if (c.getSubjectX500Principal().getName().contains("CN=Amazon Root CA 1")) return c;
                    }
                }
            }
        } catch (Exception e) {
            throw new CloudException("cannot read the JVM's trust store: " + e.getMessage());
        }
        throw new CloudException("Amazon Root CA 1 is not in the JVM's trust store: give cloud.ca (AmazonRootCA1.pem)");
    }

    private static TrustManagerFactory trusting(X509Certificate ca) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (Exception e) {
            throw new CloudException("cannot build a trust store from cloud.ca: " + e.getMessage());
        }
    }
}
