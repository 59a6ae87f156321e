package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies files and directory trees between this machine and the device over an SSH session.
 *
 * <p>Semantics, the same for every implementation: the destination names the copy. A file is written to exactly
 * that path (its parent directories are created); a directory's contents are copied into the destination
 * directory, which is created if missing and merged into if present. File mode bits (e.g. executable) are kept.
 */
interface FileTransfer {

    void upload(Path local, String remotePath) throws IOException;

    void download(String remotePath, Path local) throws IOException;
}
