package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.Set;

/** Whether a cloud with given capabilities can run what a {@link NeedsEmulatedCloud} marks. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class CloudNeeds {
    private CloudNeeds() {
    }

    /**
     * Why {@code element} (a group class or a test method) cannot run on a cloud of {@code type} with
     * {@code capabilities}, e.g. {@code needs the emulated cloud (packet capture); cloud.type is mqtt}; empty when
     * it can or is not marked.
     */
    public static Optional<String> skipReason(AnnotatedElement element, String type, Set<CloudCapability> capabilities) {
        NeedsEmulatedCloud needs = element.getAnnotation(NeedsEmulatedCloud.class);
        if (needs == null || capabilities.contains(CloudCapability.EMULATOR)) return Optional.empty();
        return Optional.of(NeedsEmulatedCloud.REASON + (needs.value().isBlank() ? "" : " (" + needs.value() + ")")
                + "; cloud.type is " + type);
    }
}
