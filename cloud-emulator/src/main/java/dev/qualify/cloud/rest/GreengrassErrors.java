package dev.qualify.cloud.rest;

import dev.qualify.cloud.greengrass.GreengrassException;

import java.util.function.Supplier;

/**
 * Turns the Greengrass model's {@link GreengrassException}s into the errors of the API that called it: the
 * Greengrass V2 service's ({@code ValidationException} 400, {@code ResourceNotFoundException} 404,
 * {@code ConflictException} 409) or IoT's ({@code InvalidRequestException} 400, {@code ResourceNotFoundException}
 * 404, {@code ResourceAlreadyExistsException} 409).
 */
enum GreengrassErrors {
    GREENGRASS_V2("ValidationException", "ConflictException"),
    IOT("InvalidRequestException", "ResourceAlreadyExistsException");

    private final String validation;
    private final String conflict;

    GreengrassErrors(String validation, String conflict) {
        this.validation = validation;
        this.conflict = conflict;
    }

    /** Runs a model call, answering its errors in this API's shapes. */
    <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (GreengrassException e) {
            throw switch (e.kind()) {
                case VALIDATION -> validation(e.getMessage());
                case NOT_FOUND -> RestException.notFound(e.getMessage());
                case CONFLICT -> new RestException(409, conflict, e.getMessage());
            };
        }
    }

    RestException validation(String message) {
        return new RestException(400, validation, message);
    }
}
