package dev.qualify.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cloud: {type: aws-iot}} through the real {@code bin/qualify}, against {@code qualify cloud start
 * --control-port} (the emulated cloud's IoT REST API, reached with the AWS SDK and the credentials it wrote):
 * good settings run; a region typo or an endpoint that does not answer exits 2 naming it, before any device.
 */
class AwsIotCloudTypeIT {
    @TempDir
    Path dir;
    Process cloud;
    Path cloudDir;
    int controlPort;

    @BeforeEach
    void startCloud() throws Exception {
        cloudDir = Files.createDirectories(dir.resolve("cloud"));
        cloud = Qualify.start(cloudDir, "cloud", "start", "--port", "0", "--control-port", "0", "--data-dir", cloudDir.resolve("data").toString());
        Pattern url = Pattern.compile("IoT control plane \\(AWS REST, SigV4, region us-east-1\\): https://localhost:(\\d+)");
        Qualify.awaitWhileRunning(cloud, cloudDir, Duration.ofMinutes(2), () -> url.matcher(Files.readString(cloudDir.resolve("stdout.txt"))).find());
        Matcher m = url.matcher(Files.readString(cloudDir.resolve("stdout.txt")));
        assertThat(m.find()).isTrue();
        controlPort = Integer.parseInt(m.group(1));
    }

    @AfterEach
    void stopCloud() throws Exception {
        cloud.destroy();
        cloud.waitFor(30, TimeUnit.SECONDS);
    }

    private Path config(String region, int port) throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Path data = cloudDir.resolve("data");
        Files.writeString(config, Files.readString(config) + "cloud:\n  type: aws-iot\n  region: " + region + "\n  credentials: profile\n"
                + "  profile: qualify-cloud\n  credentialsFile: \"" + data.resolve("control-plane/credentials") + "\"\n"
                + "  endpoint: \"https://localhost:" + port + "\"\n  ca: \"" + data.resolve("ca/root-ca.pem") + "\"\n");
        return config;
    }

    @Test
    void goodSettingsAreAcceptedAndAHostGroupRuns() throws Exception {
        Path config = config("us-east-1", controlPort);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FreeRTOSVersion", "--device-wait", "5m");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContain(Files.readString(cloudDir.resolve("data/control-plane/credentials"))
                .lines().filter(l -> l.startsWith("aws_secret_access_key")).findFirst().orElseThrow().split("=")[1].trim());
    }

    @Test
    void aRegionTypoExitsTwoNamingItBeforeAnyDevice() throws Exception {
        Qualify.Result r = Qualify.run(dir, "run", "--config", config("us-eats-1", controlPort).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("us-eats-1", "did you mean us-east-1?");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void anEndpointThatDoesNotAnswerExitsTwoNamingItBeforeAnyDevice() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Qualify.Result r = Qualify.run(dir, "run", "--config", config("us-east-1", closed).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot reach https://localhost:" + closed);
        assertThat(dir.resolve("results")).doesNotExist();
    }
}
