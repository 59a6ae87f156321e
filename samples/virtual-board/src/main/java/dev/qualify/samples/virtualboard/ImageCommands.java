package dev.qualify.samples.virtualboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code virtual-board build} and {@code virtual-board flash} do, and their quick start: a harness starts the
 * two tools once per image and group, each a fresh JVM, and building the picocli model of the whole command line
 * (about 170 classes that class-data sharing cannot archive, and every option of {@code run}) cost more CPU than the
 * build or flash itself. So {@link #quick} answers the plain form {@code build|flash <a> <b>} alone; any other
 * command line (options, {@code --help}, {@code @file} arguments, a wrong count) goes through picocli as before.
 * Both paths print the same lines and return the same exit codes.
 */
final class ImageCommands {

    private ImageCommands() {
    }

    /**
     * The exit code of a plain {@code build <sourceDir> <imageFile>} or {@code flash <imageFile> <flashFile>}, run
     * here with {@code System.out}/{@code System.err}; {@code null} when {@code args} is any other command line (the
     * caller hands it to picocli).
     */
    static Integer quick(String[] args) {
        if (args.length != 3 || !(args[0].equals("build") || args[0].equals("flash"))) return null;
        for (String operand : List.of(args[1], args[2])) {
            // options, "--" and picocli's @argument-files are picocli's to interpret
            if (operand.isEmpty() || operand.startsWith("-") || operand.startsWith("@")) return null;
        }
        Path first;
        Path second;
        try {
            first = Path.of(args[1]);
            second = Path.of(args[2]);
        } catch (InvalidPathException e) {
            return null; // picocli reports the usage error
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return args[0].equals("build") ? build(first, second, out, err) : flash(first, second, out, err);
    }

    /** {@code build}: builds {@code imageFile} from the firmware project {@code sourceDir}; 0 done, 1 failed. */
    static int build(Path sourceDir, Path imageFile, PrintWriter out, PrintWriter err) {
        try {
            FirmwareImage image = FirmwareImage.build(sourceDir, imageFile);
            List<String> enabled = image.enabledSwitches();
            out.println("Built " + imageFile + " (" + image.size() + " bytes, " + image.macros().values().size()
                    + " macros, enabled: " + (enabled.isEmpty() ? "none" : String.join(", ", enabled)) + ")");
            out.flush();
            return 0;
        } catch (HeaderException e) {
            err.println("virtual-board build: error: " + e.getMessage());
        } catch (IOException e) {
            err.println("virtual-board build: error: cannot write " + imageFile + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    /** {@code flash}: validates {@code imageFile} and writes it to {@code flashFile}; 0 done, 1 failed. */
    static int flash(Path imageFile, Path flashFile, PrintWriter out, PrintWriter err) {
        try {
            FirmwareImage image = FirmwareImage.flash(imageFile, flashFile);
            out.println("Flashed " + imageFile + " to " + flashFile + " (" + image.size() + " bytes, SHA-256 "
                    + image.sha256() + ")");
            out.flush();
            return 0;
        } catch (ImageException e) {
            err.println("virtual-board flash: error: " + e.getMessage());
        } catch (IOException e) {
            err.println("virtual-board flash: error: cannot write " + flashFile + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
