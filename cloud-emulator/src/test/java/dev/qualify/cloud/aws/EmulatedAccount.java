package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.rest.ControlPlaneCredentials;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The emulated cloud's control plane as an AWS account for the {@code aws-iot} cloud type, in the tests of this package. */
final class EmulatedAccount {
    private EmulatedAccount() {
    }

    /**
     * The {@code cloud:} settings of a config pointed at {@code emulator} (started with a control port in
     * {@code emulatorDir}): its endpoint, CA and the credentials profile it wrote. A new mutable map each call.
     */
    static Map<String, Object> settings(EmulatedCloud emulator, Path emulatorDir) {
        Map<String, Object> s = new HashMap<>();
        s.put("region", "us-east-1");
        s.put("credentials", "profile");
        s.put("profile", ControlPlaneCredentials.PROFILE);
        s.put("credentialsFile", ControlPlaneCredentials.file(emulatorDir).toString());
        s.put("endpoint", "https://localhost:" + emulator.controlPlane().orElseThrow().endpoint().port());
        s.put("ca", emulator.rootCaFile().toString());
        return s;
    }

    /** The {@code aws-iot} cloud provider, as the engine finds it. */
    static CloudProvider provider() {
        return ServiceLoader.load(CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("aws-iot")).findFirst().orElseThrow();
    }
}
