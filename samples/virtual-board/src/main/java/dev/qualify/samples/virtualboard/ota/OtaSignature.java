package dev.qualify.samples.virtualboard.ota;

import dev.qualify.samples.virtualboard.Macros;
import dev.qualify.samples.virtualboard.transport.TlsTransport;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The PAL's signature check of a received file: the job document's base64 DER signature over the whole file,
 * SHA-256 with ECDSA ({@code OTA_PAL_TEST_CERT_TYPE} 3) or RSA (2), verified with the public key of the code
 * signer's certificate {@code OTA_PAL_CODE_SIGNER_CERTIFICATE}.
 */
final class OtaSignature {
    private OtaSignature() {
    }

    /**
     * @return whether the signature verifies
     * @throws GeneralSecurityException the certificate is missing or unusable
     */
    static boolean verify(Macros macros, byte[] file, String base64Signature) throws GeneralSecurityException {
        X509Certificate signer = TlsTransport.certificates("OTA_PAL_CODE_SIGNER_CERTIFICATE",
                macros.get("OTA_PAL_CODE_SIGNER_CERTIFICATE")).get(0);
        byte[] sig;
        try {
            sig = Base64.getMimeDecoder().decode(base64Signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Signature v = Signature.getInstance(macros.integer("OTA_PAL_TEST_CERT_TYPE", 3) == 3 ? "SHA256withECDSA"
                : "SHA256withRSA");
        v.initVerify(signer.getPublicKey());
        v.update(file);
        try {
            return v.verify(sig);
        } catch (java.security.SignatureException e) {
            return false; // not even a DER signature
        }
    }
}
