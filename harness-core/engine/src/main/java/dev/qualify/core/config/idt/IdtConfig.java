package dev.qualify.core.config.idt;

import dev.qualify.core.config.QualifyConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An IDT configuration folder read into Qualify's {@link QualifyConfig}, with what {@code config check} and
 * {@code config convert} tell about it.
 *
 * @param config      the config a run uses
 * @param root        IDT's root ({@code {{config.idtRootPath}}}): the folder above {@code configs/}
 * @param configsDir  the folder of {@code device.json}
 * @param files       the files read, by IDT name ({@code config.json}, {@code device.json}, ...)
 * @param product     {@code FreeRTOS} or {@code Greengrass V2}
 * @param suiteId     the Qualify suite the folder is for
 * @param warnings    fields Qualify does not act on yet, each once, naming it
 * @param commands    per pool: the build and flash commands as IDT words after load-time placeholders, before the
 *                    run's placeholders ({@code build} and {@code flash}, each a list of commands)
 * @param connections per device id: how it is reached, in words
 * @param comments    per pool or device id: notes about fields with no Qualify equivalent, for {@code convert}
 */
public record IdtConfig(QualifyConfig config, Path root, Path configsDir, Map<String, Path> files, String product,
                        String suiteId, List<String> warnings, Map<String, Map<String, List<List<String>>>> commands,
                        Map<String, String> connections, Map<String, List<String>> comments) {
}
