package dev.qualify.suites.freertos.groups;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import dev.qualify.suites.freertos.echo.Pki;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code OTACore}: the device's OTA PAL, FLIT 202210.01's Unity group {@code Full_OTA_PAL} (15 cases), for pools
 * with the feature {@code OTA} = {@code Yes}.
 *
 * <p>From {@code otaConfiguration} (IDT's names): {@code codeSigningConfiguration.signerHashingAlgorithm}
 * (SHA1|SHA256, default SHA256) and {@code signerSigningAlgorithm} (RSA|ECDSA, default ECDSA) give
 * {@code OTA_PAL_TEST_CERT_TYPE} (1 RSA-SHA1, 2 RSA-SHA256, 3 ECDSA-SHA256); {@code otaPALCertificatePath}
 * (older name {@code otaPALCertificateFile}) gives {@code OTA_PAL_CERTIFICATE_FILE}; {@code deviceFirmwarePath}
 * (older {@code otaPALFirmwareFileName}) gives {@code OTA_PAL_FIRMWARE_FILE}; {@code otaPALUseFileSystem} gives
 * {@code OTA_PAL_USE_FILE_SYSTEM}. The signer: {@code codeSigningConfiguration.signerCertificate} (a PEM file;
 * ACM ARNs need AWS and are refused) with either {@code signerPrivateKey} (a PEM key file, Qualify's addition) or
 * {@code signCommand} ({@code {{inputImageFilePath}}} and {@code {{outputSignatureFilePath}}}; the output is the
 * DER signature, raw or base64). Without a signer certificate, a key and a self-signed certificate are generated
 * for the run. The test image ({@link #TEST_IMAGE}) is signed with it; the certificate
 * ({@code OTA_PAL_CODE_SIGNER_CERTIFICATE}), the valid signature and an invalid one (a signature over the image with
 * one byte changed: {@code OTA_PAL_TEST_VALID_SIGNATURE}, {@code OTA_PAL_TEST_INVALID_SIGNATURE}, C initializers)
 * go into {@code test_param_config.h}, where FLIT's port has its {@code aws_test_ota_pal_*_signature.h}.
 */
@QualificationGroup(id = "OTACore", title = "OTA PAL", required = true, features = "OTA=Yes",
        preparation = OtaCoreGroup.Image.class, cases = {
        "Full_OTA_PAL.otaPal_CloseFile_ValidSignature",
        "Full_OTA_PAL.otaPal_CloseFile_InvalidSignatureBlockWritten",
        "Full_OTA_PAL.otaPal_CloseFile_InvalidSignatureNoBlockWritten",
        "Full_OTA_PAL.otaPal_CloseFile_NonexistingCodeSignerCertificate",
        "Full_OTA_PAL.otaPal_CreateFileForRx_CreateAnyFile",
        "Full_OTA_PAL.otaPal_Abort_OpenFile",
        "Full_OTA_PAL.otaPal_Abort_FileWithBlockWritten",
        "Full_OTA_PAL.otaPal_Abort_NullFileHandle",
        "Full_OTA_PAL.otaPal_Abort_NonExistentFile",
        "Full_OTA_PAL.otaPal_WriteBlock_WriteSingleByte",
        "Full_OTA_PAL.otaPal_WriteBlock_WriteManyBlocks",
        "Full_OTA_PAL.otaPal_SetPlatformImageState_AcceptedStateWithoutClose",
        "Full_OTA_PAL.otaPal_SetPlatformImageState_InvalidImageState",
        "Full_OTA_PAL.otaPal_SetPlatformImageState_UnknownImageState",
        "Full_OTA_PAL.otaPal_GetPlatformImageState_InvalidImageStateFromFileCloseFailure"})
public class OtaCoreGroup {

    /**
     * The PAL test image the device writes and the signatures are over (FLIT's {@code ucDummyData} role, 84 bytes):
     * SHA-1 of {@code "Qualify OTA PAL test image"} followed by the bytes 0x00..0x3F.
     */
    public static final byte[] TEST_IMAGE = testImage();

    /** FLIT's OTA_PAL_TEST_CERT_TYPE values. */
    public static final int OTA_RSA_SHA1 = 1;
    public static final int OTA_RSA_SHA256 = 2;
    public static final int OTA_ECDSA_SHA256 = 3;

    /** The OTA configuration, checked. */
    public record Settings(int certType, String certificateFile, String firmwareFile, Integer useFileSystem,
                           Path signerCertificate, Path signerPrivateKey, List<String> signCommand) {

        static final Set<String> KEYS = Set.of("otaE2EFirmwarePath", "otaPALCertificatePath", "deviceFirmwarePath",
                "codeSigningConfiguration", "otaE2EDemoFilePath", "otaE2EDemoConfigFilePath",
                "otaE2EFirmwareFilePath", "otaE2EdeviceFirmwareFileName", "otaPALCertificateFile",
                "otaPALFirmwareFileName", "otaPALUseFileSystem");
        static final Set<String> SIGNING_KEYS = Set.of("signingMethod", "signerHashingAlgorithm",
                "signerSigningAlgorithm", "signerCertificate", "untrustedSignerCertificate",
                "signerCertificateFileName", "compileSignerCertificate", "signerPlatform", "signCommand",
                "signerPrivateKey");

        /** Reads {@code otaConfiguration}; relative paths resolve against {@code baseDir}. */
        public static Settings of(Map<String, Object> parameters, Path baseDir) {
            Map<String, Object> ota = map(parameters.get("otaConfiguration"), "otaConfiguration", KEYS);
            Map<String, Object> signing = map(ota.get("codeSigningConfiguration"),
                    "otaConfiguration.codeSigningConfiguration", SIGNING_KEYS);
            String hash = upper(signing.getOrDefault("signerHashingAlgorithm", "SHA256"));
            String alg = upper(signing.getOrDefault("signerSigningAlgorithm", "ECDSA"));
            int type;
            if (alg.equals("RSA") && hash.equals("SHA1")) {
                type = OTA_RSA_SHA1;
            } else if (alg.equals("RSA") && hash.equals("SHA256")) {
                type = OTA_RSA_SHA256;
            } else if (alg.equals("ECDSA") && hash.equals("SHA256")) {
                type = OTA_ECDSA_SHA256;
            } else {
                throw new SettingsException("otaConfiguration.codeSigningConfiguration",
                        "signerSigningAlgorithm " + alg + " with signerHashingAlgorithm " + hash
                                + " is not an OTA_PAL_TEST_CERT_TYPE",
                        "RSA with SHA1 or SHA256, or ECDSA with SHA256");
            }
            String cert = string(ota, "otaPALCertificatePath", "otaPALCertificateFile");
            String firmware = string(ota, "deviceFirmwarePath", "otaPALFirmwareFileName");
            Object fs = ota.get("otaPALUseFileSystem");
            Integer useFs = fs == null ? null : switch (String.valueOf(fs).toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes" -> 1;
                case "0", "false", "no" -> 0;
                default -> throw new SettingsException("otaConfiguration.otaPALUseFileSystem",
                        "'" + fs + "' is not a yes/no", "true or false");
            };
            Path signerCert = null;
            Path signerKey = null;
            Object sc = signing.get("signerCertificate");
            if (sc != null) {
                if (String.valueOf(sc).startsWith("arn:")) {
                    throw new SettingsException("otaConfiguration.codeSigningConfiguration.signerCertificate",
                            "an ACM certificate ARN needs AWS", "give the signer certificate as a PEM file");
                }
                signerCert = file(baseDir, sc, "otaConfiguration.codeSigningConfiguration.signerCertificate");
            }
            Object sk = signing.get("signerPrivateKey");
            if (sk != null) {
                signerKey = file(baseDir, sk, "otaConfiguration.codeSigningConfiguration.signerPrivateKey");
            }
            List<String> command = new ArrayList<>();
            Object cmd = signing.get("signCommand");
            if (cmd instanceof List<?> l) {
                l.forEach(o -> command.add(String.valueOf(o)));
            } else if (cmd != null) {
                command.add(String.valueOf(cmd));
            }
            if (signerCert != null && signerKey == null && command.isEmpty()) {
                throw new SettingsException("otaConfiguration.codeSigningConfiguration",
                        "a signerCertificate needs signerPrivateKey or signCommand to sign the test image",
                        "add signerPrivateKey: signer-key.pem, or leave signerCertificate out to generate a signer");
            }
            if (signerCert == null && (signerKey != null || !command.isEmpty())) {
                throw new SettingsException("otaConfiguration.codeSigningConfiguration.signerCertificate",
                        "signerPrivateKey or signCommand given without signerCertificate",
                        "add signerCertificate: signer-cert.pem");
            }
            return new Settings(type, cert, firmware, useFs, signerCert, signerKey, List.copyOf(command));
        }

        private static String upper(Object o) {
            return String.valueOf(o).toUpperCase(Locale.ROOT).replace("-", "");
        }

        private static String string(Map<String, Object> m, String key, String older) {
            Object v = m.containsKey(key) ? m.get(key) : m.get(older);
            return v == null ? null : String.valueOf(v);
        }

        private static Path file(Path baseDir, Object value, String key) {
            Path p = baseDir.resolve(String.valueOf(value)).normalize();
            if (!Files.isRegularFile(p)) {
                throw new SettingsException(key, "file " + p + " does not exist",
                        "relative paths start at the config file's directory");
            }
            return p;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Object v, String key, Set<String> allowed) {
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new SettingsException(key, "must be a map", "see the OTA settings in docs/configuration.md");
            }
            for (Object k : m.keySet()) {
                if (!allowed.contains(String.valueOf(k))) {
                    throw new SettingsException(key + "." + k, "unknown key '" + k + "'",
                            "allowed: " + new java.util.TreeSet<>(allowed));
                }
            }
            return (Map<String, Object>) m;
        }

        /** The JCA signature algorithm of the cert type. */
        public String signatureAlgorithm() {
            return switch (certType) {
                case OTA_RSA_SHA1 -> "SHA1withRSA";
                case OTA_RSA_SHA256 -> "SHA256withRSA";
                default -> "SHA256withECDSA";
            };
        }
    }

    /** The signer's certificate and the two signatures of {@link #TEST_IMAGE}. */
    public record Signed(X509Certificate signer, byte[] validSignature, byte[] invalidSignature, boolean generated) {
    }

    /** Signs the test image per the settings (generating a signer when none is given). */
    public static Signed sign(Settings s, Path workDir) {
        byte[] tampered = TEST_IMAGE.clone();
        tampered[tampered.length - 1] ^= (byte) 0xFF;
        try {
            if (s.signerCertificate() == null) {
                KeyPair pair = Pki.generate(s.certType() == OTA_ECDSA_SHA256 ? "EC" : "RSA", "P256");
                X509Certificate cert = Pki.issue("CN=Qualify OTA code signer,O=Qualify", pair.getPublic(), null,
                        pair.getPrivate(), false, false, null, Duration.ofDays(2));
                return new Signed(cert, sign(s, pair.getPrivate(), TEST_IMAGE), sign(s, pair.getPrivate(), tampered),
                        true);
            }
            X509Certificate cert = Pki.readCertificates(s.signerCertificate()).get(0);
            if (s.signerPrivateKey() != null) {
                PrivateKey key = Pki.readPrivateKey(s.signerPrivateKey());
                return new Signed(cert, sign(s, key, TEST_IMAGE), sign(s, key, tampered), false);
            }
            return new Signed(cert, signCommand(s, workDir, "valid", TEST_IMAGE),
                    signCommand(s, workDir, "invalid", tampered), false);
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingsException("otaConfiguration.codeSigningConfiguration",
                    "cannot sign the OTA PAL test image: " + e.getMessage(),
                    "check the signer certificate, key and signCommand");
        }
    }

    private static byte[] sign(Settings s, PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(s.signatureAlgorithm());
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    private static byte[] signCommand(Settings s, Path workDir, String name, byte[] data) throws IOException {
        Files.createDirectories(workDir);
        Path input = workDir.resolve("ota-pal-test-image-" + name + ".bin");
        Path output = workDir.resolve("ota-pal-test-image-" + name + ".sig");
        Files.write(input, data);
        Files.deleteIfExists(output);
        List<String> argv = new ArrayList<>();
        for (String a : s.signCommand()) {
            String expanded = a.replace("{{inputImageFilePath}}", input.toString())
                    .replace("{{outputSignatureFilePath}}", output.toString());
            if (s.signCommand().size() == 1) {
                argv.addAll(List.of("/bin/sh", "-c", expanded));
            } else {
                argv.add(expanded);
            }
        }
        Process p = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("sign-" + name + ".log").toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("signCommand did not finish within 2 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signing", e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(output)) {
            throw new IOException("signCommand exited " + p.exitValue() + " (log: " + workDir.resolve("sign-" + name
                    + ".log") + ")" + (Files.isRegularFile(output) ? "" : " without writing " + output));
        }
        byte[] sig = Files.readAllBytes(output);
        String text = new String(sig, StandardCharsets.US_ASCII).strip();
        if (!text.isEmpty() && text.matches("[A-Za-z0-9+/=\\s]+")) {
            return Base64.getMimeDecoder().decode(text);
        }
        return sig;
    }

    /** FLIT with {@code OTA_PAL_TEST_ENABLED}, the cert type, the file names, the signer and the signatures. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            Settings s = Settings.of(group.parameters().values(), group.parameters().baseDir());
            Signed signed = sign(s, group.workDir().resolve("ota-signing"));
            group.transcript().note("OTA PAL: OTA_PAL_TEST_CERT_TYPE " + s.certType() + " (" + s.signatureAlgorithm()
                    + "), signer " + signed.signer().getSubjectX500Principal().getName()
                    + (signed.generated() ? " generated for this run" : " from the configuration"));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("OTA_PAL_TEST_CERT_TYPE", "( " + s.certType() + " )");
            if (s.certificateFile() != null) {
                params.put("OTA_PAL_CERTIFICATE_FILE", ConfigHeader.cString(s.certificateFile()));
            }
            if (s.firmwareFile() != null) {
                params.put("OTA_PAL_FIRMWARE_FILE", ConfigHeader.cString(s.firmwareFile()));
            }
            if (s.useFileSystem() != null) {
                params.put("OTA_PAL_USE_FILE_SYSTEM", "( " + s.useFileSystem() + " )");
            }
            params.put("OTA_PAL_CODE_SIGNER_CERTIFICATE", Pki.cPem(Pki.pem(signed.signer())));
            params.put("OTA_PAL_TEST_VALID_SIGNATURE", Pki.cBytes(signed.validSignature()));
            params.put("OTA_PAL_TEST_INVALID_SIGNATURE", Pki.cBytes(signed.invalidSignature()));
            return FlitImage.of(group, List.of(ExecutionMacros.OTA_PAL), params);
        }
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, group.group().cases());
    }

    private static byte[] testImage() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest("Qualify OTA PAL test image".getBytes(StandardCharsets.US_ASCII));
            byte[] image = new byte[hash.length + 64];
            System.arraycopy(hash, 0, image, 0, hash.length);
            for (int i = 0; i < 64; i++) {
                image[hash.length + i] = (byte) i;
            }
            return image;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
