package dev.qualify.cloud.policy;

import java.util.Collection;

/**
 * Evaluates policies as IoT Core does: a request is allowed when at least one statement allows it and none
 * denies it; anything not allowed is denied. Action patterns match case-insensitively, resource patterns
 * case-sensitively; both support {@code *} (any run of characters, including {@code /}) and {@code ?} (one
 * character). A resource pattern whose variable cannot be resolved (for example the thing name of a certificate
 * attached to no thing) matches nothing. MQTT wildcards {@code +} and {@code #} in a resource are literal.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static boolean isAllowed(Collection<PolicyDocument> policies, IotAction action, String resourceArn, PolicyContext ctx) {
        boolean allowed = false;
        for (PolicyDocument p : policies) {
            for (PolicyStatement s : p.statements()) {
                if (!matchesAction(s, action) || !matchesResource(s, resourceArn, ctx)) continue;
                if (s.effect() == Effect.DENY) return false;
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean matchesAction(PolicyStatement s, IotAction action) {
        for (String a : s.actions()) {
            if (glob(a.toLowerCase(java.util.Locale.ROOT), action.iamName().toLowerCase(java.util.Locale.ROOT))) return true;
        }
        return false;
    }

    private static boolean matchesResource(PolicyStatement s, String arn, PolicyContext ctx) {
        for (String r : s.resources()) {
            String pattern = substitute(r, ctx);
            if (pattern != null && glob(pattern, arn)) return true;
        }
        return false;
    }

    /** Replaces the supported variables; null when one cannot be resolved. */
    static String substitute(String pattern, PolicyContext ctx) {
        if (pattern.indexOf("${") < 0) return pattern;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int start = pattern.indexOf("${", i);
            if (start < 0) {
                out.append(pattern, i, pattern.length());
                break;
            }
            int end = pattern.indexOf('}', start);
            if (end < 0) return null;
            out.append(pattern, i, start);
            String var = pattern.substring(start + 2, end);
            String value = switch (var) {
                case "iot:ClientId" -> ctx.clientId();
                case "iot:Connection.Thing.ThingName" -> ctx.thingName();
                default -> null;
            };
            if (value == null) return null;
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }

    /** Glob match of {@code *} and {@code ?} over the whole text, iterative with backtracking to the last star. */
    static boolean glob(String pattern, String text) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /**
     * True when an Allow statement grants every action ({@code *}, {@code iot:*}) or every resource of a kind
     * ({@code *}, {@code ...:*}, {@code .../*} right after the resource type): the Device Defender
     * "overly permissive policy" finding.
     */
    public static boolean isOverlyPermissive(PolicyDocument policy) {
        return !permissiveGrants(policy).isEmpty();
    }

    /**
     * The grants that make a policy overly permissive (see {@link #isOverlyPermissive}), each as
     * {@code "Action <pattern>"} or {@code "Resource <pattern>"}, in document order; empty for a scoped policy.
     */
    public static java.util.List<String> permissiveGrants(PolicyDocument policy) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (PolicyStatement s : policy.statements()) {
            if (s.effect() != Effect.ALLOW) continue;
            for (String a : s.actions()) if (a.equals("*") || a.equalsIgnoreCase("iot:*")) out.add("Action " + a);
            for (String r : s.resources()) {
                int colon = r.lastIndexOf(':');
                String tail = colon >= 0 ? r.substring(colon + 1) : r;
                if (r.equals("*") || r.endsWith(":*") || tail.matches("(client|topic|topicfilter|thing)/\\*")) {
                    out.add("Resource " + r);
                }
            }
        }
        return out;
    }
}
