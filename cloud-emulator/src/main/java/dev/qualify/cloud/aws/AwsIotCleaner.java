package dev.qualify.cloud.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes what a run created: detaches certificates from its things and policies from its certificates,
 * deactivates and deletes the certificates, then deletes the policies, the things and the role aliases. What is already gone
 * counts as deleted; what cannot be deleted is listed with the service's reason. Never throws for one resource.
 */
public final class AwsIotCleaner {
    /** The attribute every thing Qualify creates carries: when, in epoch seconds. */
    public static final String CREATED_ATTRIBUTE = "qualifyCreated";

    private final IotClient iot;

    public AwsIotCleaner(IotClient iot) {
        this.iot = iot;
    }

    /** What a cleanup did. */
    public record Report(List<CloudResource> deleted, List<CloudResource> alreadyGone, Map<CloudResource, String> failed) {
        public boolean clean() {
            return failed.isEmpty();
        }
    }

    /**
     * Deletes the resources, certificates first.
     *
     * @param onDeleted told of each resource deleted or found gone (the ledger records it)
     */
    public Report delete(List<CloudResource> resources, Consumer<CloudResource> onDeleted) {
        List<CloudResource> deleted = new ArrayList<>();
        List<CloudResource> gone = new ArrayList<>();
        Map<CloudResource, String> failed = new LinkedHashMap<>();
        for (String kind : List.of(CloudResource.CERTIFICATE, CloudResource.POLICY, CloudResource.THING, CloudResource.ROLE_ALIAS)) {
            for (CloudResource r : resources) {
                if (!r.kind().equals(kind)) continue;
                try {
                    boolean existed = switch (kind) {
                        case CloudResource.CERTIFICATE -> deleteCertificate(r.id(), resources);
                        case CloudResource.POLICY -> deletePolicy(r.id());
                        case CloudResource.ROLE_ALIAS -> deleteRoleAlias(r.id());
                        default -> deleteThing(r.id());
                    };
                    (existed ? deleted : gone).add(r);
                    onDeleted.accept(r);
                } catch (SdkException e) {
                    failed.put(r, reason(e));
                }
            }
        }
        return new Report(deleted, gone, failed);
    }

    /**
     * Finds things named with the prefix whose {@value #CREATED_ATTRIBUTE} is before the cutoff, with their
     * certificates and the prefixed policies attached to those, and the role aliases named with the prefix created
     * before the cutoff.
     */
    public List<CloudResource> findOlder(String prefix, Instant cutoff) {
        Set<CloudResource> out = new LinkedHashSet<>();
        for (ThingAttribute t : iot.listThingsPaginator(r -> r.maxResults(100)).things()) {
            if (!t.thingName().startsWith(prefix)) continue;
            String created = t.attributes() == null ? null : t.attributes().get(CREATED_ATTRIBUTE);
            if (created == null || !created.matches("\\d+") || !Instant.ofEpochSecond(Long.parseLong(created)).isBefore(cutoff)) continue;
            for (String p : iot.listThingPrincipals(r -> r.thingName(t.thingName())).principals()) {
                String cert = certificateId(p);
                if (cert == null) continue;
                for (Policy pol : iot.listAttachedPolicies(r -> r.target(p)).policies()) {
                    if (pol.policyName().startsWith(prefix)) out.add(new CloudResource(CloudResource.POLICY, pol.policyName()));
                }
                out.add(new CloudResource(CloudResource.CERTIFICATE, cert));
            }
            out.add(new CloudResource(CloudResource.THING, t.thingName()));
        }
        for (String alias : iot.listRoleAliasesPaginator(r -> r.pageSize(100)).roleAliases()) {
            if (!alias.startsWith(prefix)) continue;
            Instant created = iot.describeRoleAlias(r -> r.roleAlias(alias)).roleAliasDescription().creationDate();
            if (created != null && created.isBefore(cutoff)) out.add(new CloudResource(CloudResource.ROLE_ALIAS, alias));
        }
        return new ArrayList<>(out);
    }

    private boolean deleteCertificate(String id, List<CloudResource> resources) {
        String arn;
        try {
            arn = iot.describeCertificate(r -> r.certificateId(id)).certificateDescription().certificateArn();
        } catch (ResourceNotFoundException e) {
            return false;
        }
        for (CloudResource t : resources) {
            if (!t.kind().equals(CloudResource.THING)) continue;
            try {
                if (iot.listThingPrincipals(r -> r.thingName(t.id())).principals().contains(arn)) {
                    iot.detachThingPrincipal(r -> r.thingName(t.id()).principal(arn));
                }
            } catch (ResourceNotFoundException thingGone) {
                // nothing to detach from
            }
        }
        for (Policy p : iot.listAttachedPolicies(r -> r.target(arn)).policies()) {
            iot.detachPolicy(r -> r.policyName(p.policyName()).target(arn));
        }
        iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
        iot.deleteCertificate(r -> r.certificateId(id));
        return true;
    }

    private boolean deletePolicy(String name) {
        try {
            iot.getPolicy(r -> r.policyName(name));
        } catch (ResourceNotFoundException e) {
            return false;
        }
        iot.deletePolicy(r -> r.policyName(name));
        return true;
    }

    private boolean deleteThing(String name) {
        try {
            iot.describeThing(r -> r.thingName(name));
        } catch (ResourceNotFoundException e) {
            return false;
        }
        iot.deleteThing(r -> r.thingName(name));
        return true;
    }

    private boolean deleteRoleAlias(String alias) {
        try {
            iot.describeRoleAlias(r -> r.roleAlias(alias));
        } catch (ResourceNotFoundException e) {
            return false;
        }
        iot.deleteRoleAlias(r -> r.roleAlias(alias));
        return true;
    }

    private static String certificateId(String principalArn) {
        int i = principalArn.indexOf(":cert/");
        return i < 0 ? null : principalArn.substring(i + ":cert/".length());
    }

    private static String reason(SdkException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
