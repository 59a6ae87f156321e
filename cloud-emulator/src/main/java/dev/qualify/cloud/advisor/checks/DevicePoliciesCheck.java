package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DevicePolicies;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import dev.qualify.cloud.policy.IotAction;
import dev.qualify.cloud.policy.PolicyContext;
import dev.qualify.cloud.policy.PolicyDocument;
import dev.qualify.cloud.policy.PolicyEvaluator;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code Security_Device_Policies} ("device certificate attached policies don't contain wildcards"): the policies
 * attached to the device's certificate grant it no more than it needs, and the device stays inside them.
 * <ul>
 * <li>no Allow statement grants every action ({@code *}, {@code iot:*}) or every resource of a kind ({@code *},
 *     {@code ...:*}, {@code topic/*}, {@code client/*}...): a wildcard scoped under the device's own name
 *     ({@code topic/<thing>/*}) is fine, as Device Defender's overly-permissive-policy audit has it;</li>
 * <li>every CONNECT, PUBLISH and SUBSCRIBE the device sent in the window is allowed by those policies (a device
 *     that asks for more, e.g. subscribes to {@code #}, needs a wider policy than a device should have).</li>
 * </ul>
 * The device must have connected, published and subscribed in the window, so the policies were put to use.
 */
public final class DevicePoliciesCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.SECURITY_DEVICE_POLICIES;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        DevicePolicies policies = s.policies();
        if (policies.documents().isEmpty()) {
            return Verdict.notExercised(advisorCase(), "no policy attached to the device's certificate was given to the judge",
                    List.of(), List.of());
        }
        List<String> lines = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        for (PolicyDocument p : policies.documents()) {
            List<String> grants = PolicyEvaluator.permissiveGrants(p);
            lines.add("policy " + p.name() + ": " + p.statements().size() + " statement(s)"
                    + (grants.isEmpty() ? ", every grant scoped" : ", wildcard grants " + grants));
            for (String g : grants) wildcards.add(p.name() + " " + g);
        }
        List<CapturedPacket> judged = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        boolean connected = false, published = false, subscribed = false;
        PolicyContext ctx = new PolicyContext(e.clientId(), s.thingName());
        for (CapturedPacket p : e.packets()) {
            if (p.direction() != Direction.IN) continue;
            if (p.type() == PacketType.CONNECT) {
                connected = true;
                judged.add(p);
                check(policies, IotAction.CONNECT, policies.arns().client(e.clientId()), ctx, "CONNECT as " + e.clientId(), outside);
            } else if (p.type() == PacketType.PUBLISH) {
                published = true;
                judged.add(p);
                check(policies, IotAction.PUBLISH, policies.arns().topic(p.topic()), ctx, "PUBLISH to " + p.topic(), outside);
            } else if (p.type() == PacketType.SUBSCRIBE) {
                subscribed = true;
                judged.add(p);
                for (String f : p.topicFilters()) {
                    check(policies, IotAction.SUBSCRIBE, policies.arns().topicFilter(f), ctx, "SUBSCRIBE to " + f, outside);
                }
            }
        }
        if (!wildcards.isEmpty()) {
            return Verdict.fail(advisorCase(), "policies scoped to the device, without '*' actions or resources",
                    "the device's policies grant wildcards: " + String.join("; ", wildcards), lines, judged);
        }
        if (!outside.isEmpty()) {
            return Verdict.fail(advisorCase(), "a device that acts within its scoped policy",
                    "the device asked for what its policies do not allow: " + String.join("; ", dedupe(outside)), lines, judged);
        }
        if (!connected || !published || !subscribed) {
            return Verdict.notExercised(advisorCase(), "the device has not yet connected, published and subscribed in the window",
                    lines, judged);
        }
        return Verdict.pass(advisorCase(), "the device's policies are scoped to it and its " + judged.size()
                + " CONNECT, PUBLISH and SUBSCRIBE packets stayed within them", lines, judged);
    }

    private static void check(DevicePolicies policies, IotAction action, String arn, PolicyContext ctx, String what,
                              List<String> outside) {
        if (!PolicyEvaluator.isAllowed(policies.documents(), action, arn, ctx)) {
            outside.add(what + " (" + action.iamName() + " on " + arn + " is not allowed)");
        }
    }

    private static List<String> dedupe(List<String> l) {
        return l.stream().distinct().toList();
    }
}
