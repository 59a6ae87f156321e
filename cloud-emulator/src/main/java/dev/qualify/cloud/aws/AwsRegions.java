package dev.qualify.cloud.aws;

import org.apache.commons.text.similarity.LevenshteinDistance;
import software.amazon.awssdk.regions.Region;

import java.util.Comparator;
import java.util.List;

/** The regions the AWS SDK knows, for catching a typo before anything is sent. */
final class AwsRegions {
    private AwsRegions() {
    }

    static boolean known(String region) {
        return Region.regions().stream().anyMatch(r -> r.id().equals(region));
    }

    /** ": did you mean X?" for the nearest known region, or a hint where to look. */
    static String suggestion(String region) {
        List<Region> all = Region.regions();
        return all.stream().min(Comparator.comparingInt(r -> distance(r.id(), region)))
                .filter(r -> distance(r.id(), region) <= 3)
                .map(r -> ": did you mean " + r.id() + "?")
                .orElse(" (e.g. us-east-1, eu-west-1)");
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
