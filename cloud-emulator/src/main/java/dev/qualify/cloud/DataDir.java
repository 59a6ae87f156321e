package dev.qualify.cloud;

import dev.qualify.cloud.ca.CertificateAuthority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a data directory: {@code ca/root-ca.pem} and {@code ca/root-ca.key}, {@code registry.json},
 * {@code shadows.json}, {@code jobs.json}, {@code retained.json}.
 */
public final class DataDir {
    private DataDir() {
    }

    public static Path caDir(Path dataDir) {
        return dataDir.resolve("ca");
    }

    public static Path caCertificate(Path dataDir) {
        return caDir(dataDir).resolve(CertificateAuthority.CERT_FILE);
    }

    /**
     * The data dir's CA: the user-given one (copied into the data dir so later commands use it too), the one
     * stored there, or a new one.
     */
    public static CertificateAuthority certificateAuthority(Path dataDir, Path userCert, Path userKey) throws IOException {
        Path dir = caDir(dataDir);
        if (userCert != null) {
            CertificateAuthority ca = CertificateAuthority.of(Files.readString(userCert), Files.readString(userKey));
            ca.save(dir);
            return ca;
        }
        if (Files.exists(dir.resolve(CertificateAuthority.CERT_FILE)) && Files.exists(dir.resolve(CertificateAuthority.KEY_FILE))) {
            return CertificateAuthority.load(dir);
        }
        CertificateAuthority ca = CertificateAuthority.generate("Qualify emulated cloud root CA");
        ca.save(dir);
        return ca;
    }
}
