package dev.qualify.cloud.rest;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestRouteTest {
    static final RestRoute ROUTE = new RestRoute("POST", "/attached-policies/{target}", "ListAttachedPolicies", c -> RestResponse.empty());

    @Test
    void aPathParameterIsOneSegmentPercentDecoded() {
        assertThat(ROUTE.match("/attached-policies/arn%3Aaws%3Aiot%3Aus-east-1%3A0%3Acert%2Fab+c"))
                .contains(Map.of("target", "arn:aws:iot:us-east-1:0:cert/ab+c"));
    }

    @Test
    void otherPathsDoNotMatch() {
        assertThat(ROUTE.match("/attached-policies")).isEmpty();
        assertThat(ROUTE.match("/attached-policies/")).isEmpty();
        assertThat(ROUTE.match("/attached-policies/a/b")).isEmpty();
        assertThat(ROUTE.match("/target-policies/a")).isEmpty();
    }
}
