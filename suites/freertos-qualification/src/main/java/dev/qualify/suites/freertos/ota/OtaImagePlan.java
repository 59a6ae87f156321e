package dev.qualify.suites.freertos.ota;

import dev.qualify.suites.freertos.ota.OtaE2eSetup.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * The update images the OTA end-to-end cases build, in run order, when each case goes as designed: it mirrors what
 * {@link OtaE2eCases} asks for from the version the board runs when a case starts, and the version the case leaves
 * the board on. The group builds these ahead, one after the other in the background, while the board flashes,
 * boots and works through the earlier cases (each build is a run of the device's build command). A case that
 * needs an image not in the plan (an earlier case failed and left the board on another version) builds it then.
 */
final class OtaImagePlan {
    /** One update image: its version and variant. */
    record Image(OtaVersion version, Variant variant) {
    }

    private OtaImagePlan() {
    }

    /**
     * @param cases    the selected cases, in run order
     * @param base     the version of the flashed image
     * @param protocol {@code MQTT} or {@code HTTP}
     */
    static List<Image> of(List<String> cases, OtaVersion base, String protocol) {
        List<Image> plan = new ArrayList<>();
        OtaVersion v = base;
        for (String c : cases) {
            switch (c) {
                case "OTAE2EGreaterVersion", "OTAE2EDisconnectResume", "OTAE2ECancelThenUpdate" -> {
                    plan.add(normal(v.next()));
                    v = v.next();
                }
                case "OTAE2EBackToBackDownloads", "OTAE2E2UpdatesCancel1st" -> {
                    plan.add(normal(v.next()));
                    plan.add(normal(v.next().next()));
                    v = v.next().next();
                }
                case "OTAE2ESameVersion" -> plan.add(normal(v));
                case "OTAE2EPreviousVersion" -> plan.add(normal(v.previous()));
                case "OTAE2EUnsignedImage", "OTAE2EUntrustedCertificate", "OTAE2EIncorrectSigningAlgorithm",
                     "OTAE2EDisconnectCancelUpdate" -> plan.add(normal(v.next()));
                case "OTAE2EPresignedUrlExpired" -> {
                    if (protocol.equals("HTTP")) {
                        plan.add(normal(v.next()));
                        v = v.next();
                    }
                }
                case "OTAE2EImageCrashed" -> plan.add(new Image(v.next(), Variant.CRASHING));
                case "OTAE2ERollbackIfUnableToConnectAfterUpdate" -> plan.add(new Image(v.next(), Variant.UNREACHABLE));
                default -> throw new IllegalArgumentException("not an OTA end-to-end case: " + c);
            }
        }
        return plan.stream().distinct().toList();
    }

    private static Image normal(OtaVersion v) {
        return new Image(v, Variant.NORMAL);
    }
}
