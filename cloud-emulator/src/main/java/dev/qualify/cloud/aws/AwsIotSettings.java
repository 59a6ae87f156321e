package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.CloudException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code cloud:} section for {@code type: aws-iot}.
 *
 * @param region          the AWS region, e.g. {@code eu-west-1}
 * @param credentials     {@code profile} (a named profile of the shared credentials file) or {@code environment}
 *                        ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optionally {@code AWS_SESSION_TOKEN})
 * @param profile         the profile's name (default {@code default})
 * @param credentialsFile a credentials file instead of {@code ~/.aws/credentials}, or null
 * @param endpoint        the IoT control-plane URL instead of the region's, or null
 * @param ca              the root CA (PEM) devices trust for the data endpoint and Qualify trusts for an endpoint
 *                        override, or null for Amazon Root CA 1
 * @param prefix          what every name Qualify creates starts with (default {@code qualify-})
 * @param tokenExchangeRoleArn the IAM role ({@code arn:aws:iam::ACCOUNT:role/NAME}) the role alias of each Greengrass
 *                        core device points at, or null when the run makes no core devices
 */
public record AwsIotSettings(String region, String credentials, String profile, Path credentialsFile, URI endpoint, Path ca,
                             String prefix, String tokenExchangeRoleArn) {
    /** The setting that names the token-exchange role. */
    public static final String TOKEN_EXCHANGE_ROLE_ARN = "tokenExchangeRoleArn";
    private static final Set<String> KEYS = Set.of("region", "credentials", "profile", "credentialsFile", "endpoint", "ca", "prefix",
            TOKEN_EXCHANGE_ROLE_ARN);

    /**
     * Reads and checks the settings without touching the network.
     *
     * @throws CloudException naming the setting that is wrong and why
     */
    public static AwsIotSettings from(Map<String, Object> s) {
        return from(s, null);
    }

    /**
     * As {@link #from(Map)}, relative paths ({@code ca}, {@code credentialsFile}) resolved against {@code baseDir}
     * (the config file's directory), or against the working directory when it is null.
     */
    public static AwsIotSettings from(Map<String, Object> s, Path baseDir) {
        for (String k : s.keySet()) {
            if (!KEYS.contains(k)) throw new CloudException("unknown aws-iot cloud setting '" + k + "'; known: " + new TreeSet<>(KEYS));
        }
        String region = text(s, "region");
        if (region == null) throw new CloudException("cloud.region is required for type aws-iot (e.g. us-east-1)");
        if (!AwsRegions.known(region)) {
            throw new CloudException("cloud.region '" + region + "' is not an AWS region" + AwsRegions.suggestion(region));
        }
        String creds = text(s, "credentials");
        if (creds == null) throw new CloudException("cloud.credentials is required for type aws-iot: profile or environment");
        creds = creds.toLowerCase(Locale.ROOT);
        if (!creds.equals("profile") && !creds.equals("environment")) {
            throw new CloudException("cloud.credentials must be profile or environment, not '" + creds + "'");
        }
        String profile = text(s, "profile");
        if (profile != null && creds.equals("environment")) throw new CloudException("cloud.profile is only for credentials: profile");
        Path credentialsFile = path(s, "credentialsFile", baseDir);
        if (credentialsFile != null && !Files.isReadable(credentialsFile)) {
            throw new CloudException("cloud.credentialsFile " + credentialsFile + " cannot be read");
        }
        URI endpoint = null;
        String e = text(s, "endpoint");
        if (e != null) {
            try {
                endpoint = URI.create(e);
            } catch (IllegalArgumentException ex) {
                throw new CloudException("cloud.endpoint is not a URL: " + e);
            }
            if (!"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
                throw new CloudException("cloud.endpoint must be an https:// URL with a host, not " + e);
            }
        }
        Path ca = path(s, "ca", baseDir);
        if (ca != null && !Files.isReadable(ca)) throw new CloudException("cloud.ca " + ca + " cannot be read");
        String prefix = text(s, "prefix");
        if (prefix == null) prefix = "qualify-";
        if (!prefix.matches("[a-zA-Z0-9_-]{1,40}")) throw new CloudException("cloud.prefix must be 1-40 of a-z A-Z 0-9 _ -: " + prefix);
        String role = text(s, TOKEN_EXCHANGE_ROLE_ARN);
        if (role != null && !role.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}")) {
            throw new CloudException("cloud." + TOKEN_EXCHANGE_ROLE_ARN + " must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not '" + role + "'");
        }
        return new AwsIotSettings(region, creds, profile == null ? "default" : profile, credentialsFile, endpoint, ca, prefix, role);
    }

    /** The settings as {@link #from} reads them (no secrets: names and paths only), for the resource ledger. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", region);
        m.put("credentials", credentials);
        if (credentials.equals("profile")) m.put("profile", profile);
        if (credentialsFile != null) m.put("credentialsFile", credentialsFile.toAbsolutePath().toString());
        if (endpoint != null) m.put("endpoint", endpoint.toString());
        if (ca != null) m.put("ca", ca.toAbsolutePath().toString());
        m.put("prefix", prefix);
        if (tokenExchangeRoleArn != null) m.put(TOKEN_EXCHANGE_ROLE_ARN, tokenExchangeRoleArn);
        return m;
    }

    private static String text(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null) return null;
        String t = v.toString().trim();
        return t.isEmpty() ? null : t;
    }

    private static Path path(Map<String, Object> s, String key, Path baseDir) {
        String t = text(s, key);
        if (t == null) return null;
        Path p = Path.of(t.startsWith("~/") ? System.getProperty("user.home") + t.substring(1) : t);
        return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
}
