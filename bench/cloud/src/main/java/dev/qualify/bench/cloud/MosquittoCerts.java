package dev.qualify.bench.cloud;

import dev.qualify.cloud.DataDir;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.ca.SecretFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a server certificate for mosquitto from the emulated cloud's CA, with the same profile (EC P-256,
 * localhost and 127.0.0.1) the emulated broker uses, so both brokers serve equivalent TLS.
 * Usage: MosquittoCerts DATA_DIR OUT_DIR
 */
public final class MosquittoCerts {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        CertificateAuthority ca = DataDir.certificateAuthority(data, null, null);
        IssuedCertificate server = ca.issue(CertificateProfile.loopbackServer(Instant.now(), 30));
        Files.createDirectories(out);
        Files.writeString(out.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(out.resolve("server.pem"), server.certificatePem());
        SecretFiles.writeOwnerOnly(out.resolve("server.key"), server.privateKeyPem());
    }
}
