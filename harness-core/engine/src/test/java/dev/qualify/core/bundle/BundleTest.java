package dev.qualify.core.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleTest {
    @TempDir
    Path dir;

    private SigningIdentity identity(KeyPair k, X509Certificate... chain) throws Exception {
        Path key = TestKeys.pkcs8(dir.resolve("key-" + System.nanoTime() + ".pem"), k);
        Path cert = chain.length == 0 ? null : TestKeys.write(dir.resolve("cert-" + System.nanoTime() + ".pem"), chain);
        return SigningKeys.load(key, cert, null, Map.of(), SigningKeys.OptionNames.REPORT_SIGN);
    }

    private static KeyPair key(String kind) throws Exception {
        return switch (kind) {
            case "ed25519" -> TestKeys.ed25519();
            case "p256" -> TestKeys.ec("secp256r1");
            default -> TestKeys.rsa(2048);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "p256", "rsa"})
    void aSignedRunDirectoryVerifiesWithItsSignerNamed(String kind) throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        KeyPair k = key(kind);
        X509Certificate cert = TestKeys.certificate("CN=Acme Boards Signing", k, "CN=Acme Boards Signing", k, false);
        BundleSigner.Signed s = BundleSigner.sign(run, identity(k, cert));

        assertThat(s.files()).isEqualTo(6);
        assertThat(s.idtReportSigned()).isTrue();
        assertThat(run.resolve(Manifest.FILE_NAME)).content().contains("  logs/board-1/FullPKCS11_Core/PKCS11_Digest.log\n")
                .doesNotContain(Manifest.SIGNATURE_FILE_NAME).doesNotContain("  " + Manifest.FILE_NAME);
        assertThat(run.resolve(Manifest.SIGNATURE_FILE_NAME)).content().startsWith("-----BEGIN PKCS7-----");
        BundleVerifier.Verification v = BundleVerifier.verify(run, List.of(cert));
        assertThat(v.problems()).isEmpty();
        assertThat(v.files()).isEqualTo(6);
        assertThat(v.signer()).hasValueSatisfying(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=Acme Boards Signing"));
    }

    @Test
    void aChangedByteAnAddedFileAndARemovedFileAreEachNamed() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        BundleSigner.sign(run, identity(TestKeys.ed25519()));
        Path log = run.resolve("logs/board-1/FullPKCS11_Core/PKCS11_Digest.log");
        byte[] b = Files.readAllBytes(log);
        b[20] ^= 1;
        Files.write(log, b);
        Files.writeString(run.resolve("logs/board-1/extra.log"), "added later\n");
        Files.delete(run.resolve("summary.txt"));

        assertThat(BundleVerifier.verify(run, List.of()).problems()).containsExactlyInAnyOrder(
                "changed: logs/board-1/FullPKCS11_Core/PKCS11_Digest.log", "added: logs/board-1/extra.log", "removed: summary.txt");
    }

    @Test
    void aTamperedSignatureDoesNotVerify() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        BundleSigner.sign(run, identity(TestKeys.ec("secp256r1")));
        Path sig = run.resolve(Manifest.SIGNATURE_FILE_NAME);
        byte[] der = Cms.der(Files.readAllBytes(sig));
        der[der.length - 5] ^= 0x40; // inside the signature value, at the end of the structure
        Files.writeString(sig, Cms.pem(der));

        assertThat(BundleVerifier.verify(run, List.of()).problems()).singleElement().asString()
                .startsWith("signature: " + Manifest.SIGNATURE_FILE_NAME + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "p256"})
    void aSignatureDamagedAtAnyByteIsReportedAsNotHoldingNeverAsACrash(String kind) throws Exception {
        KeyPair k = key(kind);
        X509Certificate cert = TestKeys.certificate("CN=Acme Boards Signing", k, "CN=Acme Boards Signing", k, false);
        byte[] content = "da39a3ee  summary.txt\n".getBytes(StandardCharsets.US_ASCII);
        byte[] der = Cms.sign(content, identity(k, cert));
        int signatureValueStart = der.length - 64; // Ed25519's 64 bytes, or the tail of ECDSA's DER (r, s)
        for (int i = 0; i < der.length; i++) {
            for (int bit : new int[] {0x01, 0x40}) {
                byte[] damaged = der.clone();
                damaged[i] ^= (byte) bit;
                try {
                    // a flip may land where nothing is signed (the envelope's type, a name's string type, the carried
                    // certificate's own signature, which --cert checks): then it must still prove the same key
                    Cms.Verified v = Cms.verify(content, damaged);
                    assertThat(i).as("a flip in the signature value verified").isLessThan(signatureValueStart);
                    assertThat(sameKey(v.signer().getPublicKey(), cert.getPublicKey())).as("the key it proves, flip at %d", i).isTrue();
                } catch (Cms.Invalid expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    private static boolean sameKey(java.security.PublicKey a, java.security.PublicKey b) {
        if (a instanceof java.security.interfaces.ECPublicKey ea && b instanceof java.security.interfaces.ECPublicKey eb) {
            return ea.getW().equals(eb.getW()); // the point; a flip in how the curve is named changes only the encoding
        }
        return a.equals(b);
    }

    @Test
    void aManifestEditedToMatchAChangedFileBreaksTheSignature() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        BundleSigner.sign(run, identity(TestKeys.ed25519()));
        Files.writeString(run.resolve("summary.txt"), "Passed: 11\n");
        Path manifest = run.resolve(Manifest.FILE_NAME);
        Files.write(manifest, Manifest.of(run).bytes()); // a forger recomputes the hashes, but cannot sign

        assertThat(BundleVerifier.verify(run, List.of()).problems()).singleElement().asString()
                .contains("signature: " + Manifest.SIGNATURE_FILE_NAME).contains("does not match the signature: it was changed after signing");
    }

    @Test
    void anotherCertificateThanTheSignersIsRefusedAndTheIssuingCaIsAccepted() throws Exception {
        KeyPair caKey = TestKeys.ec("secp256r1");
        X509Certificate ca = TestKeys.certificate("CN=Acme Root CA", caKey, "CN=Acme Root CA", caKey, true);
        KeyPair signerKey = TestKeys.ed25519();
        X509Certificate signer = TestKeys.certificate("CN=Acme Bundle Signer", signerKey, "CN=Acme Root CA", caKey, false);
        Path run = SampleRunDir.write(dir.resolve("run"));
        BundleSigner.sign(run, identity(signerKey, signer));

        assertThat(BundleVerifier.verify(run, List.of(ca)).problems()).isEmpty();
        KeyPair other = TestKeys.ed25519();
        X509Certificate stranger = TestKeys.certificate("CN=Someone Else", other, "CN=Someone Else", other, false);
        assertThat(BundleVerifier.verify(run, List.of(stranger)).problems()).singleElement().asString()
                .startsWith("signer: signed by CN=Acme Bundle Signer").contains("CN=Someone Else");
    }

    @Test
    void theIdtReportCarriesASignatureOverItselfWithoutTheElements() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        KeyPair k = TestKeys.ec("secp256r1");
        X509Certificate cert = TestKeys.certificate("CN=Acme", k, "CN=Acme", k, false);
        BundleSigner.sign(run, identity(k, cert));

        byte[] signed = Files.readAllBytes(run.resolve(ApnSignature.FILE_NAME));
        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).contains("</testsuiteversion><signature>").contains("</signature><keyname>" + Certificates.fingerprint(cert)
                + "</keyname><session>");
        ApnSignature.Parts parts = ApnSignature.parts(signed).orElseThrow();
        assertThat(new String(parts.unsigned(), StandardCharsets.UTF_8)).isEqualTo(SampleRunDir.IDT_REPORT);
        assertThat(Cms.verify(parts.unsigned(), parts.signature()).signer()).isEqualTo(cert);

        BundleSigner.sign(run, identity(k, cert)); // again: the old elements are replaced, not doubled
        String again = Files.readString(run.resolve(ApnSignature.FILE_NAME));
        assertThat(again.split("<signature>", -1)).hasSize(2);
        assertThat(BundleVerifier.verify(run, List.of(cert)).problems()).isEmpty();
    }

    @Test
    void anIdtReportWhoseSignatureWasSwappedAndManifestRebuiltIsCaught() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        SigningIdentity vendor = identity(TestKeys.ed25519());
        BundleSigner.sign(run, vendor);
        byte[] manifest = Files.readAllBytes(run.resolve(Manifest.FILE_NAME));
        byte[] sig = Files.readAllBytes(run.resolve(Manifest.SIGNATURE_FILE_NAME));
        Path xml = run.resolve(ApnSignature.FILE_NAME);
        Files.write(xml, ApnSignature.sign(Files.readAllBytes(xml), identity(TestKeys.ed25519())));
        Files.write(run.resolve(Manifest.FILE_NAME), manifest);
        Files.write(run.resolve(Manifest.SIGNATURE_FILE_NAME), sig);

        assertThat(BundleVerifier.verify(run, List.of()).problems()).contains("changed: " + ApnSignature.FILE_NAME);
    }

    @Test
    void aDirectoryWithoutManifestOrNotADirectoryIsUnusableInput() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        assertThatThrownBy(() -> BundleVerifier.verify(run, List.of())).isInstanceOf(BundleException.class)
                .hasMessageContaining("no MANIFEST.sha256").hasMessageContaining("qualify report sign");
        assertThatThrownBy(() -> BundleVerifier.verify(run.resolve("junit.xml"), List.of())).isInstanceOf(BundleException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void aRemovedSignatureFileIsAProblem() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        BundleSigner.sign(run, identity(TestKeys.ed25519()));
        Files.delete(run.resolve(Manifest.SIGNATURE_FILE_NAME));
        assertThat(BundleVerifier.verify(run, List.of()).problems()).singleElement().asString()
                .startsWith("removed: " + Manifest.SIGNATURE_FILE_NAME);
    }
}
