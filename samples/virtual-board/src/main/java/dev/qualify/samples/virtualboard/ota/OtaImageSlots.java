package dev.qualify.samples.virtualboard.ota;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The OTA PAL of the end-to-end update and the boot loader's two slots, as files beside the board's flash file
 * {@code F}: {@code F.ota-download} receives the blocks, {@code F.ota-backup} keeps the image an update replaced
 * until the new one is accepted, and {@code F.ota-state} says that the flash holds an image in self-test (the
 * {@code OtaImageStatePendingCommit} of the OTA library) for which job, replacing which version, after how many
 * boots, and which image (its SHA-256: a state left over from before the flash tool wrote another image is void).
 *
 * <p>Activating a new image (PAL {@code activateNewImage}) moves the previous flash to the backup and the download
 * into the flash; accepting deletes the backup; rejecting (or a boot loader that finds the image booted twice
 * without being accepted) moves the backup back. Every move is atomic where the file system allows.
 */
public final class OtaImageSlots {
    /** An image in self-test: the job that brought it, the version it replaced and how often it booted. */
    public record Pending(String jobId, AppVersion previous, int boots) {
    }

    private final Path flash;
    private final Path download;
    private final Path backup;
    private final Path state;

    public OtaImageSlots(Path flash) {
        this.flash = flash.toAbsolutePath();
        String name = this.flash.getFileName().toString();
        this.download = this.flash.resolveSibling(name + ".ota-download");
        this.backup = this.flash.resolveSibling(name + ".ota-backup");
        this.state = this.flash.resolveSibling(name + ".ota-state");
    }

    /**
     * The image in self-test, if the flash holds one. A state left from another image (the flash was written by the
     * flash tool since) is dropped with its backup.
     */
    public Optional<Pending> pending() throws IOException {
        if (!Files.isRegularFile(state)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(state)) {
            p.load(r);
        }
        if (!Files.isRegularFile(flash) || !sha256(Files.readAllBytes(flash)).equals(p.getProperty("image"))) {
            Files.deleteIfExists(state);
            Files.deleteIfExists(backup);
            return Optional.empty();
        }
        return Optional.of(new Pending(p.getProperty("jobId", ""),
                AppVersion.of(Long.parseLong(p.getProperty("previous", "0"), 16)),
                Integer.parseInt(p.getProperty("boots", "0"))));
    }

    /** Counts a boot of the image in self-test; returns the count (1 for the first boot after the update). */
    public int countBoot() throws IOException {
        Pending p = pending().orElseThrow(() -> new IOException("no image in self-test"));
        writeState(p.jobId(), p.previous(), p.boots() + 1, sha256(Files.readAllBytes(flash)));
        return p.boots() + 1;
    }

    /** PAL {@code createFileForRx}: an empty download file of {@code size} bytes. */
    public void create(long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(download.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(size);
        }
    }

    /** PAL {@code writeBlock}. */
    public void write(long offset, byte[] data) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(download.toFile(), "rw")) {
            f.seek(offset);
            f.write(data);
        }
    }

    /** What was downloaded. */
    public byte[] downloaded() throws IOException {
        return Files.readAllBytes(download);
    }

    /** The file the blocks are written to. */
    public Path downloadFile() {
        return download;
    }

    /** PAL {@code abort}: the download is dropped. */
    public void abort() throws IOException {
        Files.deleteIfExists(download);
    }

    /** PAL {@code activateNewImage}: the download becomes the flash, the old flash the backup, in self-test. */
    public void activate(String jobId, AppVersion previous) throws IOException {
        move(flash, backup);
        move(download, flash);
        writeState(jobId, previous, 0, sha256(Files.readAllBytes(flash)));
    }

    /** PAL {@code setPlatformImageState(Accepted)}: the backup is no longer needed. */
    public void accept() throws IOException {
        Files.deleteIfExists(backup);
        Files.deleteIfExists(state);
    }

    /** PAL {@code setPlatformImageState(Rejected)} and the boot loader's fall-back: the old image returns. */
    public void rollBack() throws IOException {
        if (Files.isRegularFile(backup)) move(backup, flash);
        Files.deleteIfExists(state);
    }

    private void writeState(String jobId, AppVersion previous, int boots, String image) throws IOException {
        Properties p = new Properties();
        p.setProperty("image", image);
        p.setProperty("jobId", jobId);
        p.setProperty("previous", previous.hex());
        p.setProperty("boots", Integer.toString(boots));
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "virtual board OTA image state");
        }
        move(tmp, state);
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
