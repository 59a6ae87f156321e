package dev.qualify.cloud.cli;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code qualify cloud start --control-port}, and {@code controlPort} in a run's {@code cloud:} settings. */
class ControlPlaneStartIT {
    @TempDir
    Path dir;

    @Test
    void startPrintsTheControlPlaneAndCredentialsThatTheSdkSignsWith() throws Exception {
        StringWriter out = new StringWriter();
        Object cmd = ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get).findFirst().orElseThrow().newCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        StartCommand start = cl.getSubcommands().get("start").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("start", "--data-dir", dir.toString(),
                "--port", "0", "--control-port", "0"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> out.toString().contains("Stop with Ctrl-C") || exit.isDone());
        String text = out.toString();
        Matcher url = Pattern.compile("IoT control plane \\(AWS REST, SigV4, region us-east-1\\): https://localhost:(\\d+)").matcher(text);
        Matcher key = Pattern.compile("access key id: +(\\S+)").matcher(text);
        Matcher secret = Pattern.compile("secret access key: +(\\S+)").matcher(text);
        assertThat(url.find() && key.find() && secret.find()).as(text).isTrue();
        assertThat(text).contains(dir.resolve("control-plane").resolve("credentials").toString());
        EmulatedCloud cloud = start.cloud();
        try (SdkHttpClient http = ApacheHttpClient.builder().tlsTrustManagersProvider(TestTls.trustManagers(cloud.rootCaPem())::getTrustManagers).build();
             IotClient iot = IotClient.builder().endpointOverride(URI.create("https://localhost:" + url.group(1))).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.group(1), secret.group(1))))
                     .httpClient(http).build()) {
            iot.createThing(r -> r.thingName("from-sdk"));
        }
        assertThat(cloud.registry().thing("from-sdk")).isPresent();
        start.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void theRunsCloudSettingsTurnTheControlPlaneOnAndStillRefuseUnknownKeys() {
        CloudProvider provider = ServiceLoader.load(CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("emulated")).findFirst().orElseThrow();
        try (Cloud cloud = provider.start(Map.of("controlPort", 0), dir)) {
            assertThat(cloud.unwrap(EmulatedCloud.class).orElseThrow().controlPlane()).isPresent();
        }
        try (Cloud cloud = provider.start(Map.of(), dir.resolve("off"))) {
            assertThat(cloud.unwrap(EmulatedCloud.class).orElseThrow().controlPlane()).isEmpty();
        }
        assertThatThrownBy(() -> provider.validate(Map.of("controlPrt", 0))).isInstanceOf(CloudException.class).hasMessageContaining("controlPrt");
    }
}
