package dev.qualify.cloud.greengrass;

/**
 * Bad input to the Greengrass model: a recipe, deployment or name a person must fix. The message names the file
 * (when there is one) and the field.
 */
public final class GreengrassException extends IllegalArgumentException {
    /** What went wrong, as the Greengrass V2 API names it (for the REST control plane). */
    public enum Kind { VALIDATION, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public GreengrassException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
