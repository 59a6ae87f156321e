package dev.qualify.cloud.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed AWS IoT policy document: {@code {"Version": "...", "Statement": [{"Effect", "Action", "Resource"}]}}
 * where Action and Resource are a string or an array of strings.
 */
public record PolicyDocument(String name, List<PolicyStatement> statements, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /**
     * Parses a policy document.
     *
     * @throws IllegalArgumentException when it is not valid JSON or misses Statement, Effect, Action or Resource
     */
    public static PolicyDocument parse(String name, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("policy " + name + " is not valid JSON: " + e.getMessage());
        }
        JsonNode st = root == null ? null : root.get("Statement");
        if (st == null) throw new IllegalArgumentException("policy " + name + " has no Statement");
        List<PolicyStatement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? st : List.of(st)) {
            String effect = text(s, "Effect", name);
            Effect e = switch (effect) {
                case "Allow" -> Effect.ALLOW;
                case "Deny" -> Effect.DENY;
                default -> throw new IllegalArgumentException("policy " + name + ": Effect must be Allow or Deny, not " + effect);
            };
            out.add(new PolicyStatement(e, strings(s, "Action", name), strings(s, "Resource", name)));
        }
        return new PolicyDocument(name, out, json);
    }

    private static String text(JsonNode s, String field, String name) {
        JsonNode n = s.get(field);
        if (n == null || !n.isTextual()) throw new IllegalArgumentException("policy " + name + ": statement without " + field);
        return n.asText();
    }

    private static List<String> strings(JsonNode s, String field, String name) {
        JsonNode n = s.get(field);
        if (n == null) throw new IllegalArgumentException("policy " + name + ": statement without " + field);
        List<String> out = new ArrayList<>();
        if (n.isArray()) n.forEach(v -> out.add(v.asText()));
        else out.add(n.asText());
        if (out.isEmpty()) throw new IllegalArgumentException("policy " + name + ": empty " + field);
        return out;
    }

}
