package dev.qualify.connectors.ssh;

import org.apache.sshd.scp.client.ScpClient;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link FileTransfer} by SCP, for devices without an SFTP subsystem (small images often ship only {@code scp}).
 * SCP cannot create directories by itself, so missing remote directories are made with {@code mkdir -p}, and a
 * download goes to a scratch directory next to the destination before it is moved into place.
 */
final class ScpTransfer implements FileTransfer {
    private final ScpClient scp;
    private final Consumer<List<String>> remoteMkdirs;

    /**
     * @param remoteMkdirs runs {@code mkdir -p} for the given remote directories, throwing if it fails
     */
    ScpTransfer(ScpClient scp, Consumer<List<String>> remoteMkdirs) {
        this.scp = scp;
        this.remoteMkdirs = remoteMkdirs;
    }

    @Override
    public void upload(Path local, String remotePath) throws IOException {
        if (!Files.exists(local)) throw new IOException("local path " + local + " does not exist");
        if (Files.isDirectory(local)) {
            remoteMkdirs.accept(List.of(remotePath));
            try (DirectoryStream<Path> children = Files.newDirectoryStream(local)) {
                for (Path c : children) {
                    scp.upload(c, remotePath, ScpClient.Option.Recursive, ScpClient.Option.PreserveAttributes,
                            ScpClient.Option.TargetIsDirectory);
                }
            }
        } else {
            String parent = SftpTransfer.parentOf(remotePath);
            if (parent != null) remoteMkdirs.accept(List.of(parent));
            scp.upload(local, remotePath, ScpClient.Option.PreserveAttributes);
        }
    }

    @Override
    public void download(String remotePath, Path local) throws IOException {
        Path parent = local.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path scratch = Files.createTempDirectory(parent, ".qualify-scp-");
        try {
            scp.download(remotePath, scratch, ScpClient.Option.Recursive, ScpClient.Option.PreserveAttributes,
                    ScpClient.Option.TargetIsDirectory);
            Path received;
            try (DirectoryStream<Path> in = Files.newDirectoryStream(scratch)) {
                java.util.Iterator<Path> it = in.iterator();
                if (!it.hasNext()) throw new IOException("scp of " + remotePath + " produced nothing");
                received = it.next();
            }
            LocalFiles.moveInto(received, local.toAbsolutePath());
        } finally {
            LocalFiles.deleteTree(scratch);
        }
    }
}
