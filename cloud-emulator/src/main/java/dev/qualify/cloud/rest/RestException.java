package dev.qualify.cloud.rest;

/**
 * A control-plane error, answered in the AWS restJson1 error shape: the status, an {@code x-amzn-ErrorType}
 * header with {@link #errorType()}, and {@code {"message": ...}}.
 */
public final class RestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String errorType;

    public RestException(int status, String errorType, String message) {
        super(message);
        this.status = status;
        this.errorType = errorType;
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public static RestException invalidRequest(String message) {
        return new RestException(400, "InvalidRequestException", message);
    }

    public static RestException notFound(String message) {
        return new RestException(404, "ResourceNotFoundException", message);
    }

    public static RestException alreadyExists(String message) {
        return new RestException(409, "ResourceAlreadyExistsException", message);
    }

    public static RestException deleteConflict(String message) {
        return new RestException(409, "DeleteConflictException", message);
    }

    public static RestException forbidden(String errorType, String message) {
        return new RestException(403, errorType, message);
    }
}
