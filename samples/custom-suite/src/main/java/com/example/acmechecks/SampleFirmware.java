package com.example.acmechecks;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.support.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link ConsolePromptGroup} needs on the device: a firmware image, which the engine builds with the
 * device's {@code build} command, flashes with its {@code flash} command and boots (the config's {@code boot}
 * section: banner, handshake) before the group's first test. The group never builds or flashes itself.
 *
 * <p>The source tree is the project named by the suite parameter {@code sourcePath} (the config's
 * {@code suites.acme-checks.sourcePath}, relative to the config file) when there is one, else the sample project
 * bundled in this jar: the Qualify virtual board's firmware with no test enabled, which boots the demo boards.
 */
public final class SampleFirmware implements Preparation {
    /** The bundled project's files, as resources next to this class. */
    static final List<String> BUNDLED = List.of("Common/config/test_execution_config.h", "Common/config/test_param_config.h");

    @Override
    public DeviceRequirement requirement(GroupContext group) {
        Optional<Path> source = group.parameters().path("sourcePath");
        String imageName = group.parameters().string("buildImageName").orElse("firmware.bin");
        if (source.isPresent()) {
            Path from = source.get();
            return new FirmwareImage("acme-checks firmware from " + from, imageName, dir -> {
                FileTrees.copy(from, dir, Set.of(".git"));
                return dir;
            });
        }
        return new FirmwareImage("acme-checks bundled sample firmware, no test enabled", imageName, SampleFirmware::writeBundled);
    }

    private static Path writeBundled(Path dir) throws IOException {
        for (String file : BUNDLED) {
            try (InputStream in = SampleFirmware.class.getResourceAsStream("firmware/" + file)) {
                if (in == null) throw new IOException("firmware/" + file + " is missing from the suite jar");
                Path out = dir.resolve(file);
                Files.createDirectories(out.getParent());
                Files.copy(in, out);
            }
        }
        return dir;
    }
}
