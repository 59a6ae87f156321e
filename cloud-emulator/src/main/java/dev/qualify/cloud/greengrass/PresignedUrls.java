package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.ca.SecretFiles;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Pre-signed artifact URLs: {@code https://HOST:PORT/greengrass/v2/artifact-download?arn=..&artifact=..
 * &X-Amz-Expires=EPOCH_SECONDS&X-Amz-Signature=HMAC}, signed with HMAC-SHA256 under a key kept (owner-only) in the
 * data dir, so URLs stay valid across a restart until they expire.
 */
public final class PresignedUrls {
    public static final String PATH = "/greengrass/v2/artifact-download";
    private final byte[] key;

    PresignedUrls(Path greengrassDir) {
        Path f = greengrassDir.resolve("presign.key");
        try {
            if (!Files.exists(f)) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                SecretFiles.writeOwnerOnly(f, HexFormat.of().formatHex(k));
            }
            this.key = HexFormat.of().parseHex(Files.readString(f).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + f, e);
        }
    }

    /** A URL for an artifact that expires at the given instant. */
    public String sign(String base, String arn, String artifact, Instant expires) {
        long exp = expires.getEpochSecond();
        return base + PATH + "?arn=" + enc(arn) + "&artifact=" + enc(artifact) + "&X-Amz-Expires=" + exp
                + "&X-Amz-Signature=" + mac(arn, artifact, exp);
    }

    /** Whether a signature is right for these values (expiry is checked by the caller). */
    boolean verify(String arn, String artifact, long expires, String signature) {
        return MessageDigest.isEqual(mac(arn, artifact, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String arn, String artifact, long expires) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal((arn + "\n" + artifact + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
