package dev.qualify.connectors.ssh;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@link FileTransfer} over one SFTP client; the caller owns and closes the client. */
final class SftpTransfer implements FileTransfer {
    private final SftpClient sftp;

    SftpTransfer(SftpClient sftp) {
        this.sftp = sftp;
    }

    @Override
    public void upload(Path local, String remotePath) throws IOException {
        if (!Files.exists(local)) throw new IOException("local path " + local + " does not exist");
        if (Files.isDirectory(local)) {
            mkdirs(remotePath);
            uploadTree(local, remotePath);
        } else {
            String parent = parentOf(remotePath);
            if (parent != null) mkdirs(parent);
            uploadFile(local, remotePath);
        }
    }

    private void uploadTree(Path dir, String remoteDir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path c : children) {
                String target = join(remoteDir, c.getFileName().toString());
                if (Files.isDirectory(c)) {
                    mkdirs(target);
                    uploadTree(c, target);
                } else {
                    uploadFile(c, target);
                }
            }
        }
    }

    private void uploadFile(Path local, String remote) throws IOException {
        try (InputStream in = Files.newInputStream(local);
             OutputStream out = sftp.write(remote, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                     SftpClient.OpenMode.Truncate)) {
            in.transferTo(out);
        }
        SftpClient.Attributes attrs = new SftpClient.Attributes();
        attrs.setPermissions(LocalFiles.mode(local, 0644));
        sftp.setStat(remote, attrs);
    }

    @Override
    public void download(String remotePath, Path local) throws IOException {
        SftpClient.Attributes attrs = sftp.stat(remotePath);
        if (attrs.isDirectory()) {
            Files.createDirectories(local);
            downloadTree(remotePath, local);
        } else {
            if (local.getParent() != null) Files.createDirectories(local.getParent());
            downloadFile(remotePath, local, attrs);
        }
    }

    private void downloadTree(String remoteDir, Path localDir) throws IOException {
        for (SftpClient.DirEntry e : sftp.readDir(remoteDir)) {
            String name = e.getFilename();
            if (name.equals(".") || name.equals("..")) continue;
            String remote = join(remoteDir, name);
            Path local = localDir.resolve(name);
            SftpClient.Attributes a = e.getAttributes();
            if (a.isSymbolicLink()) a = sftp.stat(remote);
            if (a.isDirectory()) {
                Files.createDirectories(local);
                downloadTree(remote, local);
            } else {
                downloadFile(remote, local, a);
            }
        }
    }

    private void downloadFile(String remote, Path local, SftpClient.Attributes attrs) throws IOException {
        Path tmp = Files.createTempFile(local.toAbsolutePath().getParent(), ".qualify-sftp-", ".part");
        try {
            try (InputStream in = sftp.read(remote)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            LocalFiles.setMode(tmp, attrs.getPermissions() & 0777);
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} and its missing parents. */
    private void mkdirs(String dir) throws IOException {
        if (exists(dir)) return;
        String parent = parentOf(dir);
        if (parent != null) mkdirs(parent);
        try {
            sftp.mkdir(dir);
        } catch (SftpException e) {
            if (!exists(dir)) throw e; // created concurrently is fine
        }
    }

    private boolean exists(String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return false;
            throw e;
        }
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** The parent of a remote path, or null for a single component or the root. */
    static String parentOf(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        if (slash < 0) return null;
        if (slash == 0) return p.length() > 1 ? "/" : null;
        return p.substring(0, slash);
    }
}
