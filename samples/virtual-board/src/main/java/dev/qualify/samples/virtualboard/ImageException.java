package dev.qualify.samples.virtualboard;

/** A file is not a usable virtual-board image; the message says why. */
public final class ImageException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
