package dev.qualify.core.bundle;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a bundle's signer is one the customer trusts: the signer's certificate has the public key of one of the
 * given certificates, or a PKIX path (JDK's {@link CertPathBuilder}, through the intermediates inside the signature)
 * leads from it to one of them, checked at the signing time. Revocation is not checked: a bundle is verified offline.
 */
final class SignerTrust {
    private SignerTrust() {
    }

    /** @return why the signer is not trusted, or empty when it is */
    static Optional<String> check(Cms.Verified v, List<X509Certificate> trusted) {
        X509Certificate signer = v.signer();
        for (X509Certificate t : trusted) {
            if (Arrays.equals(t.getPublicKey().getEncoded(), signer.getPublicKey().getEncoded())) return Optional.empty();
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate t : trusted) anchors.add(new TrustAnchor(t, null));
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters p = new PKIXBuilderParameters(anchors, target);
            p.setRevocationEnabled(false);
            p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(v.certificates())));
            if (v.signingTime() != null) p.setDate(Date.from(v.signingTime()));
            CertPathBuilder.getInstance("PKIX").build(p);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("signer: signed by " + Certificates.describe(signer) + ", which is neither the given certificate ("
                    + Certificates.describe(trusted.get(0)) + ") nor issued by it");
        }
    }
}
