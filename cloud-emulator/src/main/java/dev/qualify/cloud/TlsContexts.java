package dev.qualify.cloud;

import dev.qualify.cloud.ca.IssuedCertificate;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;

/** Server TLS contexts: TLS 1.2 and 1.3, client certificates required and checked against the CA. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext mutualTlsServer(IssuedCertificate server, X509Certificate trustedCa) {
        try {
            return SslContextBuilder.forServer(server.privateKey(), server.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(trustedCa)
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the server TLS context: " + e.getMessage(), e);
        }
    }
}
