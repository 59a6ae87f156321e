package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.CloudException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code aws-iot} cloud section read without the network: file paths as the config names them. */
class AwsIotSettingsTest {
    @TempDir
    Path dir;

    @Test
    void relativeCaAndCredentialsFileAreResolvedAgainstTheConfigsDirectoryNotTheWorkingOne() throws Exception {
        Path lab = Files.createDirectories(dir.resolve("lab"));
        Files.writeString(lab.resolve("account-ca.pem"), "pem");
        Files.writeString(lab.resolve("aws-credentials"), "[default]\n");
        AwsIotSettings s = AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "profile",
                "credentialsFile", "aws-credentials", "ca", "account-ca.pem"), lab);
        assertThat(s.ca()).isEqualTo(lab.resolve("account-ca.pem"));
        assertThat(s.credentialsFile()).isEqualTo(lab.resolve("aws-credentials"));
        assertThat(s.toMap()).as("the ledger records where they are, for cloud cleanup --run from anywhere")
                .containsEntry("ca", lab.resolve("account-ca.pem").toAbsolutePath().toString())
                .containsEntry("credentialsFile", lab.resolve("aws-credentials").toAbsolutePath().toString());
    }

    @Test
    void anAbsolutePathStaysAsWrittenAndAMissingRelativeOneIsNamedAsWritten() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        assertThat(AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "environment", "ca", ca.toString()),
                dir.resolve("elsewhere")).ca()).isEqualTo(ca);
        assertThatThrownBy(() -> AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "environment",
                "ca", "missing.pem"), dir)).isInstanceOf(CloudException.class).hasMessageContaining("cloud.ca")
                .hasMessageContaining(dir.resolve("missing.pem").toString());
    }

    @Test
    void aHomeRelativeCredentialsFileIsTheUsersHome() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThatThrownBy(() -> AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "profile",
                "credentialsFile", "~/no-such-qualify-credentials"), dir)).isInstanceOf(CloudException.class)
                .hasMessageContaining(home.resolve("no-such-qualify-credentials").toString());
    }

    @Test
    void theTokenExchangeRoleIsOptionalAndKeptInTheLedgerSettingsWhenGiven() {
        assertThat(AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "environment")).tokenExchangeRoleArn()).isNull();
        AwsIotSettings s = AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "environment",
                "tokenExchangeRoleArn", "arn:aws:iam::123456789012:role/service-role/GGTokenExchange"));
        assertThat(s.tokenExchangeRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/service-role/GGTokenExchange");
        assertThat(AwsIotSettings.from(s.toMap())).isEqualTo(s);
    }

    @Test
    void aTokenExchangeRoleThatIsNotARoleArnIsNamed() {
        assertThatThrownBy(() -> AwsIotSettings.from(Map.of("region", "eu-west-1", "credentials", "environment",
                "tokenExchangeRoleArn", "arn:aws:iot:eu-west-1:123456789012:rolealias/x"))).isInstanceOf(CloudException.class)
                .hasMessageContaining("cloud.tokenExchangeRoleArn must be an IAM role ARN");
    }
}
