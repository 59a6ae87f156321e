package dev.qualify.cloud.greengrass;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionRequirementTest {
    @ParameterizedTest(name = "{1} satisfies \"{0}\": {2}")
    @CsvSource({
            "=1.0.0, 1.0.0, true",
            "=1.0.0, 1.0.1, false",
            "1.0.0, 1.0.0, true",
            ">=1.0.0 <2.0.0, 1.9.9, true",
            ">=1.0.0 <2.0.0, 2.0.0, false",
            ">=1.0.0 <2.0.0, 0.9.0, false",
            ">1.0.0, 1.0.0, false",
            ">1.0.0, 1.0.1, true",
            "<=1.2.3, 1.2.3, true",
            "<=1.2, 1.2.9, true",
            "<=1.2, 1.3.0, false",
            "~1.2.3, 1.2.9, true",
            "~1.2.3, 1.3.0, false",
            "~1, 1.9.0, true",
            "^1.2.3, 1.9.0, true",
            "^1.2.3, 2.0.0, false",
            "^0.2.3, 0.2.9, true",
            "^0.2.3, 0.3.0, false",
            "^0.0.3, 0.0.4, false",
            "1.x, 1.5.0, true",
            "1.x, 2.0.0, false",
            "1.2.*, 1.2.7, true",
            "*, 3.4.5, true",
            "1.0.0 - 1.2.0, 1.2.0, true",
            "1.0.0 - 1.2, 1.2.5, true",
            "1.0.0 - 1.2, 1.3.0, false",
            "=1.0.0 || >=2.0.0, 2.1.0, true",
            "=1.0.0 || >=2.0.0, 1.5.0, false",
            ">=1.0.0, 1.1.0-beta, false",
            ">=1.1.0-alpha, 1.1.0-beta, true",
            ">=1.1.0-alpha, 1.1.0, true",
    })
    void npmStyleRequirementsAsTheNucleusSendsThem(String requirement, String version, boolean expected) {
        assertThat(VersionRequirement.parse(requirement).isSatisfiedBy(Semver.parse(version))).isEqualTo(expected);
    }

    @Test
    void everyRequirementOfEveryGroupMustHold() {
        Semver v = Semver.parse("1.4.0");
        assertThat(VersionRequirement.parse(">=1.0.0").isSatisfiedBy(v) && VersionRequirement.parse("<1.4.0").isSatisfiedBy(v)).isFalse();
    }

    @Test
    void semverPrecedenceFollowsTheSpec() {
        String[] ordered = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"};
        for (int i = 1; i < ordered.length; i++) {
            assertThat(Semver.parse(ordered[i - 1])).as(ordered[i - 1] + " < " + ordered[i]).isLessThan(Semver.parse(ordered[i]));
        }
        assertThat(Semver.parse("1.0.0+build.5")).isEqualByComparingTo(Semver.parse("1.0.0"));
    }

    @Test
    void nonSemverIsRefused() {
        for (String bad : new String[]{"1.0", "1", "01.0.0", "1.0.0.0", "v1.0.0", "latest", ""}) {
            assertThat(Semver.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> VersionRequirement.parse(">=banana")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">=banana");
    }
}
