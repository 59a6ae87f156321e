package dev.qualify.suites.freertos.groups;

import dev.qualify.api.cloud.NeedsEmulatedCloud;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ota.OtaE2eCases;
import dev.qualify.suites.freertos.ota.OtaE2eSetup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code OTADataplaneHTTP}: IDT's OTA end-to-end cases with the file delivered over HTTPS behind pre-signed URLs
 * (range requests, as the OTA library's {@code ota_http.c} makes them; job status over MQTT), against the run's
 * emulated cloud. The board runs FLIT with {@code OTA_E2E_TEST_ENABLED} (the OTA demo) as a thing provisioned for
 * the group, with the code signer's certificate in {@code OTA_PAL_CODE_SIGNER_CERTIFICATE}; each case builds the
 * update images it needs with the device's build command ({@code OTA_APP_VERSION_*} bumped; each built once),
 * signs them with the vendor's signer ({@code otaConfiguration.codeSigningConfiguration}, see {@link OtaCoreGroup}),
 * creates the OTA job and judges the job's final status and the version the board's console then shows.
 *
 * <p>{@code OTAE2EPresignedUrlExpired} gives the URL a 1 s life on a slow link, so it expires mid-download. The
 * rollback
 * case runs last: a board that does not roll back stays on an image that cannot connect.
 */
@NeedsEmulatedCloud("OTA jobs and pre-signed HTTPS file URLs")
@QualificationGroup(id = "OTADataplaneHTTP", title = "OTA end to end (HTTP data plane)", required = true,
        features = {"OTA=Yes", "OTADataPlaneProtocol=HTTP|Both"}, preparation = OtaDataplaneHttpGroup.Image.class,
        cases = {"OTAE2EGreaterVersion", "OTAE2EBackToBackDownloads", "OTAE2ESameVersion", "OTAE2EUnsignedImage",
                "OTAE2EUntrustedCertificate", "OTAE2EPreviousVersion", "OTAE2EIncorrectSigningAlgorithm",
                "OTAE2EDisconnectResume", "OTAE2EDisconnectCancelUpdate", "OTAE2E2UpdatesCancel1st",
                "OTAE2ECancelThenUpdate", "OTAE2EPresignedUrlExpired", "OTAE2EImageCrashed",
                "OTAE2ERollbackIfUnableToConnectAfterUpdate"})
public class OtaDataplaneHttpGroup {

    /** The thing, the signer and the base image with {@code OTA_E2E_TEST_ENABLED}, as for MQTT. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return OtaE2eSetup.create(group).baseImage("HTTP");
        }
    }

    @TestFactory
    Stream<DynamicTest> otaCases(GroupContext group) {
        return OtaE2eCases.tests(group, "HTTP");
    }
}
