package dev.qualify.cloud.rest;

/** Serves one control-plane operation. */
@FunctionalInterface
public interface RestHandler {
    /**
     * @throws RestException for an error the caller gets in the AWS error shape
     */
    RestResponse handle(RestCall call);
}
