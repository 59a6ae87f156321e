package dev.qualify.api.support;

import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** Copying files and directory trees. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Copies a file, or a directory recursively, to {@code to}, replacing what is there and keeping file
     * attributes (the executable bit). Directories named in {@code skipNames} (e.g. {@code .git}) are left out.
     * Parent directories of the target are created.
     */
    public static void copy(Path from, Path to, Set<String> skipNames) throws IOException {
        if (!Files.isDirectory(from)) {
            if (to.toAbsolutePath().getParent() != null) Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skipNames.contains(dir.getFileName().toString())) return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
