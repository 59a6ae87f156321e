package dev.qualify.cloud.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.GreengrassCores;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A separate JVM for the kill -9 test: starts the aws-iot cloud, provisions the things named on the command line,
 * says {@code PROVISIONED} and waits to be killed. Arguments: settings JSON, work dir, thing names ({@code core:NAME}:
 * a Greengrass core device).
 */
public final class ProvisionAndWait {
    private ProvisionAndWait() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Map<String, Object> settings = new ObjectMapper().readValue(args[0], Map.class);
        CloudProvider p = ServiceLoader.load(CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.type().equals("aws-iot")).findFirst().orElseThrow();
        var cloud = p.start(settings, Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("core:")) cloud.unwrap(GreengrassCores.class).orElseThrow().provision(args[i].substring(5));
            else cloud.provisionThing(args[i]);
        }
        System.out.println("PROVISIONED");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
