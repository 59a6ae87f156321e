package dev.qualify.cloud.rest;

import dev.qualify.cloud.ca.SecretFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The access key and secret that SigV4-signed control-plane requests must be signed with. Generated once per
 * data dir and kept in {@code control-plane/credentials}, owner-only, in the AWS shared-credentials format
 * (profile {@value #PROFILE}), so that {@code AWS_SHARED_CREDENTIALS_FILE} and {@code AWS_PROFILE} make any AWS
 * SDK or the AWS CLI use them. {@link #toString()} never shows the secret.
 */
public record ControlPlaneCredentials(String accessKeyId, String secretAccessKey) {
    public static final String PROFILE = "qualify-cloud";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The credentials file of a data dir. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("control-plane").resolve("credentials");
    }

    /** Reads the data dir's credentials, generating and saving new ones when there are none. */
    public static ControlPlaneCredentials loadOrCreate(Path dataDir) {
        Path f = file(dataDir);
        try {
            if (Files.exists(f)) return parse(Files.readString(f), f);
            byte[] id = new byte[8];
            byte[] secret = new byte[30];
            RANDOM.nextBytes(id);
            RANDOM.nextBytes(secret);
            ControlPlaneCredentials c = new ControlPlaneCredentials("AKQC" + HexFormat.of().formatHex(id).toUpperCase(Locale.ROOT),
                    Base64.getEncoder().withoutPadding().encodeToString(secret).replace('+', 'A').replace('/', 'B'));
            SecretFiles.writeOwnerOnly(f, "[" + PROFILE + "]\naws_access_key_id = " + c.accessKeyId
                    + "\naws_secret_access_key = " + c.secretAccessKey + "\n");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + f, e);
        }
    }

    private static ControlPlaneCredentials parse(String text, Path f) {
        String id = null;
        String secret = null;
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String k = line.substring(0, eq).trim();
            String v = line.substring(eq + 1).trim();
            if (k.equals("aws_access_key_id")) id = v;
            if (k.equals("aws_secret_access_key")) secret = v;
        }
        if (id == null || secret == null) throw new IllegalStateException(f + " lacks aws_access_key_id or aws_secret_access_key");
        return new ControlPlaneCredentials(id, secret);
    }

    @Override
    public String toString() {
        return "ControlPlaneCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
