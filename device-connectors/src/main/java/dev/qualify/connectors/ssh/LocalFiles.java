package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/** Local file helpers for transfers: POSIX mode bits and moving a tree into place. */
final class LocalFiles {
    private static final PosixFilePermission[] ORDER = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private LocalFiles() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The {@code rwxrwxrwx} bits of a local file, or {@code fallback} where the file system has none. */
    static int mode(Path p, int fallback) {
        if (!posix()) return fallback;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            int mode = 0;
            for (int i = 0; i < ORDER.length; i++) if (perms.contains(ORDER[i])) mode |= 1 << i;
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return fallback;
        }
    }

    /** Sets the {@code rwxrwxrwx} bits of {@code mode} on a local file, where the file system supports it. */
    static void setMode(Path p, int mode) {
        if (!posix()) return;
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < ORDER.length; i++) if ((mode & (1 << i)) != 0) perms.add(ORDER[i]);
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // keeping modes is best effort
        }
    }

    /** Moves {@code src} to {@code dst}; a directory onto an existing directory is merged, files replaced. */
    static void moveInto(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src) && Files.isDirectory(dst)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(src)) {
                for (Path c : children) moveInto(c, dst.resolve(c.getFileName().toString()));
            }
            Files.delete(src);
            return;
        }
        if (Files.isDirectory(dst)) deleteTree(dst);
        if (dst.getParent() != null) Files.createDirectories(dst.getParent());
        Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
