package com.example.acmechecks;

import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.report.Outcome;
import dev.qualify.cloud.EmulatedCloudProvider;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.InMemoryCloud;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CloudCredentialsGroup} run by the test kit: against the real emulated cloud (its MQTT broker with mutual
 * TLS on an ephemeral loopback port, started for the run) and against the kit's in-memory cloud, whose placeholder
 * credentials are no certificates and whose endpoint nobody serves.
 */
class CloudCredentialsGroupTest {

    @Test
    void passesAgainstTheEmulatedCloud() {
        try (TestDevice device = TestDevice.builder("board-1").build()) {
            GroupTestKit.group(CloudCredentialsGroup.class).on(device).cloud(new EmulatedCloudProvider(), Map.of()).run()
                    .assertAll(Outcome.PASSED);
        }
    }

    @Test
    void failsOnPlaceholderCredentialsAndIsAnErrorWhenTheBrokerCannotBeReached() throws IOException {
        InMemoryCloud cloud = new InMemoryCloud(new Endpoint("127.0.0.1", closedPort()), Set.of());
        try (TestDevice device = TestDevice.builder("board-1").build(); cloud) {
            GroupResults results = GroupTestKit.group(CloudCredentialsGroup.class).on(device).cloud(cloud).run();
            results.assertOutcome("certificateNamesTheThingAndChainsToTheRootCa", Outcome.FAILED);
            results.assertError("brokerAcceptsTheThingOverMutualTls", "broker-unreachable");
            assertEquals(2, cloud.things().size(), "each test provisions its own thing");
        }
    }

    /** A loopback port nobody listens on (just released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
