package dev.qualify.cloud.cli;

import java.nio.file.Path;

/** The {@code config.yaml} fragment that points a Greengrass V2 nucleus at the emulated cloud. */
final class NucleusConfig {
    private NucleusConfig() {
    }

    /**
     * The fragment: certificate paths and thing name under {@code system}, and under the nucleus' configuration the
     * MQTT endpoint and port, the data plane ({@code iotdata}: the same host as MQTT, on its own port) and the
     * credentials endpoint ({@code host:port}) and role alias.
     */
    static String fragment(String thing, Path out, GreengrassEndpoints e, String roleAlias) {
        return """

                Greengrass nucleus config.yaml (merge into yours; the role alias needs qualify cloud role-alias create):
                ---
                system:
                  certificateFilePath: "%s"
                  privateKeyPath: "%s"
                  rootCaPath: "%s"
                  thingName: "%s"
                services:
                  aws.greengrass.Nucleus:
                    componentType: "NUCLEUS"
                    configuration:
                      awsRegion: "us-east-1"
                      iotRoleAlias: "%s"
                      iotDataEndpoint: "localhost"
                      iotCredEndpoint: "localhost:%d"
                      greengrassDataPlaneEndpoint: "iotdata"
                      greengrassDataPlanePort: %d
                      mqtt:
                        port: %d
                """.formatted(out.resolve("certificate.pem.crt"), out.resolve("private.pem.key"), out.resolve("root-ca.pem"), thing,
                roleAlias, e.dataPlanePort(), e.dataPlanePort(), e.mqttPort());
    }
}
