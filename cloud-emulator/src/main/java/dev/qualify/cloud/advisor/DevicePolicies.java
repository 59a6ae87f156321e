package dev.qualify.cloud.advisor;

import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.PolicyDocument;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.Registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The policies attached to the device's certificate, as the cloud holds them, for {@code Security_Device_Policies}.
 *
 * @param documents the attached policies (empty when the judge was not given them)
 * @param arns      how the cloud names the device's resources (client ids, topics, topic filters)
 */
public record DevicePolicies(List<PolicyDocument> documents, Arns arns) {
    /** No policies known: {@code Security_Device_Policies} is not exercised. */
    public static final DevicePolicies UNKNOWN = new DevicePolicies(List.of(), Arns.DEFAULT);

    public DevicePolicies {
        documents = List.copyOf(documents);
    }

    /** The policies attached to the certificates of a thing, as the registry holds them now. */
    public static DevicePolicies ofThing(Registry registry, Arns arns, String thingName) {
        List<PolicyDocument> out = new ArrayList<>();
        for (CertificateRecord c : registry.certificatesOfThing(thingName)) {
            for (PolicyDocument d : registry.policiesOf(c.id())) if (!out.contains(d)) out.add(d);
        }
        return new DevicePolicies(out, arns);
    }
}
