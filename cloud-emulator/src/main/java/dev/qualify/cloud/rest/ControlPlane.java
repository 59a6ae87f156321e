package dev.qualify.cloud.rest;

import dev.qualify.api.cloud.Endpoint;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.ca.Pem;
import dev.qualify.cloud.ca.SecretFiles;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The emulated cloud's control plane: the AWS IoT REST operations over HTTPS on 127.0.0.1, with a server
 * certificate from the cloud's CA, authenticated by SigV4 with the data dir's {@link ControlPlaneCredentials} or
 * by the data dir's admin client certificate ({@code control-plane/admin.pem.crt} and {@code admin.pem.key},
 * owner-only). More services (Greengrass V2) are added with {@link #register}.
 */
public final class ControlPlane implements AutoCloseable {
    private final ControlPlaneServer server;
    private final ControlPlaneCredentials credentials;
    private final IotEndpointOperations endpoints;
    private final Path adminCertificate;
    private final String region;

    private ControlPlane(ControlPlaneServer server, ControlPlaneCredentials credentials, IotEndpointOperations endpoints, Path adminCertificate,
                         String region) {
        this.server = server;
        this.credentials = credentials;
        this.endpoints = endpoints;
        this.adminCertificate = adminCertificate;
        this.region = region;
    }

    /**
     * Starts the control plane.
     *
     * @param dataDir   the cloud's data dir (credentials and admin certificate are kept there)
     * @param port      the port on 127.0.0.1, 0 for an ephemeral one
     * @param iot       registry, CA and ARNs
     * @param dataAts   the MQTT endpoint devices use ({@code iot:Data-ATS} and {@code iot:Data})
     */
    public static ControlPlane start(Path dataDir, int port, IotContext iot, Supplier<Optional<Endpoint>> dataAts) throws InterruptedException {
        ControlPlaneCredentials creds = ControlPlaneCredentials.loadOrCreate(dataDir);
        Path certFile = dataDir.resolve("control-plane").resolve("admin.pem.crt");
        String adminId = adminCertificateId(iot.ca(), certFile);
        IssuedCertificate server = iot.ca().issue(CertificateProfile.loopbackServer(Instant.now(), 365));
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(server.privateKey(), server.certificate()).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").trustManager(iot.ca().certificate()).clientAuth(ClientAuth.OPTIONAL).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build the control plane's TLS context: " + e.getMessage(), e);
        }
        IotEndpointOperations endpoints = new IotEndpointOperations().register("iot:Data-ATS", dataAts).register("iot:Data", dataAts);
        ControlPlaneServer s = ControlPlaneServer.start("127.0.0.1", port, tls,
                new SigV4Verifier(creds, iot.arns().region(), Clock.systemUTC()), Set.of(adminId));
        s.register(new IotThingOperations(iot));
        s.register(new IotCertificateOperations(iot));
        s.register(new IotPolicyOperations(iot));
        s.register(endpoints);
        return new ControlPlane(s, creds, endpoints, certFile, iot.arns().region());
    }

    /** The admin client certificate of the data dir, issued on first use; its key is written owner-only next to it. */
    private static String adminCertificateId(CertificateAuthority ca, Path certFile) {
        try {
            if (Files.exists(certFile)) {
                return Pem.certificateId(Pem.certificate(Files.readString(certFile)));
            }
            IssuedCertificate admin = ca.issue(CertificateProfile.client("qualify-control-plane-admin", Instant.now(), 3650));
            SecretFiles.writeOwnerOnly(certFile.resolveSibling("admin.pem.key"), admin.privateKeyPem());
            Files.writeString(certFile, admin.certificatePem());
            return admin.id();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + certFile, e);
        }
    }

    /** Adds a service area's operations. */
    public void register(RestService service) {
        server.register(service);
    }

    /** Serves another {@code DescribeEndpoint} type, e.g. {@code iot:CredentialProvider}. */
    public void registerEndpoint(String endpointType, Supplier<Optional<Endpoint>> endpoint) {
        endpoints.register(endpointType, endpoint);
    }

    /** Where the control plane listens (HTTPS). */
    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", server.address().getPort());
    }

    /** The region requests must be signed for. */
    public String region() {
        return region;
    }

    /** The SigV4 credentials requests are signed with. */
    public ControlPlaneCredentials credentials() {
        return credentials;
    }

    /** The admin client certificate file (its key is {@code admin.pem.key} beside it). */
    public Path adminCertificate() {
        return adminCertificate;
    }

    @Override
    public void close() {
        server.close();
    }
}
