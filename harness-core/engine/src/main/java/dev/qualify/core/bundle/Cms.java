package dev.qualify.core.bundle;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Detached CMS (PKCS #7) signatures (RFC 5652; Ed25519 as RFC 8419 has it) through Bouncy Castle, with the signer's
 * certificate chain inside, so that {@code openssl cms -verify -binary -content FILE} checks them.
 */
final class Cms {
    /** The PEM label: {@code openssl cms -inform PEM} and {@code openssl pkcs7} both read it. */
    static final String PEM_TYPE = "PKCS7";

    /** A signature that holds over its content. */
    record Verified(X509Certificate signer, List<X509Certificate> certificates, Instant signingTime) {
    }

    /** The signature does not hold, or is not a CMS signature: the message says which. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private Cms() {
    }

    /** @return the DER of a detached CMS signature of {@code content} */
    static byte[] sign(byte[] content, SigningIdentity id) {
        try {
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            g.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(Crypto.PROVIDER)
                    .build(id.algorithm(), id.key(), id.certificate()));
            g.addCertificates(new JcaCertStore(id.chain()));
            return g.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (OperatorCreationException | CertificateException | CMSException | IOException e) {
            throw new BundleException("cannot sign with the key " + id.keyFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a detached signature over {@code content}: exactly one signer, whose certificate is inside it.
     *
     * @throws Invalid for every signature that does not hold, including one whose bytes are not a well-formed CMS
     *         structure (Bouncy Castle parses lazily, so a damaged field surfaces as a runtime exception anywhere below)
     */
    static Verified verify(byte[] content, byte[] der) throws Invalid {
        try {
            return verifyParsed(new CMSSignedData(new CMSProcessableByteArray(content), der));
        } catch (CMSException e) {
            throw new Invalid("not a CMS signature (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new Invalid("not a well-formed CMS signature, it was damaged (" + e.getMessage() + ")");
        }
    }

    private static Verified verifyParsed(CMSSignedData sd) throws Invalid {
        Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
        if (signers.size() != 1) throw new Invalid("it has " + signers.size() + " signers, not one");
        SignerInformation s = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> match = sd.getCertificates().getMatches(s.getSID());
        if (match.isEmpty()) throw new Invalid("the signer's certificate is not in it");
        try {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter(); // the JDK's certificates, for its PKIX builder
            X509CertificateHolder signer = match.iterator().next();
            if (!s.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.PROVIDER).build(signer))) {
                throw new Invalid("the signature value does not hold: the signature was changed, or made with another key than its certificate's");
            }
            List<X509Certificate> all = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> holders = sd.getCertificates().getMatches(null);
            for (X509CertificateHolder h : holders) all.add(conv.getCertificate(h));
            return new Verified(conv.getCertificate(signer), all, signingTime(s));
        } catch (CMSSignerDigestMismatchException e) {
            throw new Invalid("the signed content does not match the signature: it was changed after signing");
        } catch (CMSException e) {
            throw new Invalid("the signature does not hold: " + e.getMessage());
        } catch (OperatorCreationException | CertificateException e) {
            throw new Invalid("cannot check it: " + e.getMessage());
        }
    }

    private static Instant signingTime(SignerInformation s) {
        Attribute a = s.getSignedAttributes() == null ? null : s.getSignedAttributes().get(CMSAttributes.signingTime);
        return a == null ? null : Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    }

    static String pem(byte[] der) {
        StringWriter w = new StringWriter();
        try (PemWriter p = new PemWriter(w)) {
            p.writeObject(new PemObject(PEM_TYPE, der));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** The DER of a PEM signature file (any PEM label), or the bytes themselves when they are not PEM. */
    static byte[] der(byte[] file) throws Invalid {
        String text = new String(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) return file;
        try (PemReader r = new PemReader(new StringReader(text))) {
            PemObject o = r.readPemObject();
            if (o == null) throw new Invalid("no PEM object in it");
            return o.getContent();
        } catch (IOException e) {
            throw new Invalid("broken PEM (" + e.getMessage() + ")");
        }
    }
}
