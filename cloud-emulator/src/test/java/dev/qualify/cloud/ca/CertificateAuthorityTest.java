package dev.qualify.cloud.ca;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void issuesServerCertificateForLoopbackNamesSignedByTheRoot() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        IssuedCertificate s = ca.issue(CertificateProfile.loopbackServer(Instant.now(), 1));
        s.certificate().verify(ca.certificate().getPublicKey());
        assertThat(s.certificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1)).contains("localhost", "127.0.0.1");
        assertThat(s.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void issuesFromACsrWithoutKnowingTheKey() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        KeyPair kp = CertificateAuthority.newKeyPair();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=dev"), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        IssuedCertificate c = ca.issueFromCsr(csr, Instant.now(), 10);
        assertThat(c.certificate().getPublicKey()).isEqualTo(kp.getPublic());
        assertThat(c.privateKey()).isNull();
        c.certificate().verify(ca.certificate().getPublicKey());
        assertThatThrownBy(c::privateKeyPem).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void savesAndLoadsWithTheKeyReadableByTheOwnerOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        ca.save(dir);
        assertThat(Files.getPosixFilePermissions(dir.resolve(CertificateAuthority.KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        CertificateAuthority back = CertificateAuthority.load(dir);
        X509Certificate issued = back.issue(CertificateProfile.client("x", Instant.now(), 1)).certificate();
        issued.verify(ca.certificate().getPublicKey());
        assertThat(back.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesANonCaCertificateAsCa() {
        CertificateAuthority ca = CertificateAuthority.generate("test");
        IssuedCertificate leaf = ca.issue(CertificateProfile.client("x", Instant.now(), 1));
        assertThatThrownBy(() -> CertificateAuthority.of(leaf.certificatePem(), leaf.privateKeyPem()))
                .hasMessageContaining("not a CA");
    }
}
