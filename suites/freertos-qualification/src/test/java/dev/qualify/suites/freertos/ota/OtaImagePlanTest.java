package dev.qualify.suites.freertos.ota;

import dev.qualify.suites.freertos.ota.OtaE2eSetup.Variant;
import dev.qualify.suites.freertos.ota.OtaImagePlan.Image;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtaImagePlanTest {
    private static final OtaVersion BASE = new OtaVersion(0, 9, 1);

    private static Image normal(int build) {
        return new Image(new OtaVersion(0, 9, build), Variant.NORMAL);
    }

    @Test
    void everyCaseOverMqttBuildsTheImagesItsCaseAsksForOnceEach() {
        // what a full run over MQTT builds, in order (each case starts where the one before left the board)
        assertThat(OtaImagePlan.of(OtaE2eCases.ORDER, BASE, "MQTT")).containsExactly(normal(2), normal(3), normal(4),
                normal(5), normal(6), normal(7), normal(8), new Image(new OtaVersion(0, 9, 9), Variant.CRASHING),
                new Image(new OtaVersion(0, 9, 9), Variant.UNREACHABLE));
    }

    @Test
    void overHttpThePresignedUrlCaseMovesTheBoardOnAVersion() {
        List<Image> plan = OtaImagePlan.of(OtaE2eCases.ORDER, BASE, "HTTP");
        assertThat(plan).contains(normal(9)).endsWith(new Image(new OtaVersion(0, 9, 10), Variant.CRASHING),
                new Image(new OtaVersion(0, 9, 10), Variant.UNREACHABLE));
    }

    @Test
    void aSelectionPlansFromTheFlashedVersion() {
        assertThat(OtaImagePlan.of(List.of("OTAE2EGreaterVersion", "OTAE2ESameVersion", "OTAE2EPreviousVersion"), BASE,
                "MQTT")).as("same version as the running 0.9.2, then the previous 0.9.1")
                .containsExactly(normal(2), normal(1));
        assertThat(OtaImagePlan.of(List.of("OTAE2EUnsignedImage", "OTAE2EUntrustedCertificate"), BASE, "MQTT"))
                .as("refused updates leave the board where it was").containsExactly(normal(2));
    }

    @Test
    void anUnknownCaseIsAnError() {
        assertThatThrownBy(() -> OtaImagePlan.of(List.of("OTAE2ENoSuchCase"), BASE, "MQTT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTAE2ENoSuchCase");
    }
}
