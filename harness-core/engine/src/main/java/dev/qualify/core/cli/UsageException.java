package dev.qualify.core.cli;

/** Bad usage that picocli cannot see (an unknown group, a pool that is not in the config): exit 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
