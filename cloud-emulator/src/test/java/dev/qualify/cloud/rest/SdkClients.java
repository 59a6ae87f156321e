package dev.qualify.cloud.rest;

import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.TestTls;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

import javax.net.ssl.TrustManagerFactory;
import java.net.URI;

/** What an AWS SDK client needs to reach a cloud's control plane: its endpoint, credentials and a trusting HTTP client. */
public final class SdkClients {
    private SdkClients() {
    }

    /** An HTTP client whose trust store holds only the cloud's CA. */
    public static SdkHttpClient http(EmulatedCloud cloud) throws Exception {
        TrustManagerFactory tmf = TestTls.trustManagers(cloud.rootCaPem());
        return ApacheHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build();
    }

    /** The endpoint override: {@code https://localhost:PORT}. */
    public static URI endpoint(ControlPlane cp) {
        return URI.create("https://localhost:" + cp.endpoint().port());
    }

    /** The control plane's printed credentials. */
    public static AwsCredentialsProvider credentials(ControlPlane cp) {
        ControlPlaneCredentials c = cp.credentials();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }
}
