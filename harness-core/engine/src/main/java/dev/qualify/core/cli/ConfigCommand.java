package dev.qualify.core.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.api.support.Secrets;
import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.ConfigLoader;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.idt.IdtConfig;
import dev.qualify.core.config.idt.IdtConfigReader;
import dev.qualify.core.process.JsonPathPlaceholders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code qualify config check} and {@code qualify config convert}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check a config (Qualify's or an IDT configs folder) or convert an IDT folder.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Convert.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A config as read: the IDT view when it is an IDT folder. */
    record Loaded(QualifyConfig config, IdtConfig idt, List<String> warnings) {
    }

    static Loaded load(Path path, Path userdata) {
        List<String> warnings = new ArrayList<>();
        ConfigLoader loader = new ConfigLoader(Plugins.drivers(), Plugins.clouds()).onWarning(warnings::add);
        if (userdata != null || IdtConfigReader.isIdt(path)) {
            IdtConfig idt = loader.loadIdt(path, userdata);
            return new Loaded(idt.config(), idt, warnings);
        }
        return new Loaded(loader.load(path), null, warnings);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a config without touching a device and print, per device and group, what a run would do:"
                    + " the console and shell it opens, the build and flash commands with every placeholder expanded"
                    + " (secrets masked), the groups the features select and why the others are not.",
                    "Exit 0 when it would run, 2 when it would not."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "DIR|FILE", defaultValue = "qualify.yaml", description = "IDT's configs folder, one of its files, or a Qualify config. Default: ${DEFAULT-VALUE}")
        Path config;

        @Option(names = "--userdata", paramLabel = "FILE", description = "IDT's userdata file, in the configs folder (default userdata.json).")
        Path userdata;

        @Option(names = {"--suite", "--suite-id"}, paramLabel = "ID", description = "The suite (default: the one the folder is for).")
        String suite;

        @Option(names = {"--pool", "--pool-id"}, paramLabel = "ID", description = "Only this pool.")
        String pool;

        @Option(names = {"--group", "--group-id", "-g"}, paramLabel = "ID[,ID...]", description = "Groups to check (default: all).")
        List<String> groups;

        @CommandLine.Mixin
        SuitePathOption suitePath;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Loaded l;
            try {
                l = load(config, userdata);
            } catch (ConfigException e) {
                err.println("qualify: configuration error in " + e.getMessage());
                out.println("Would not run: the configuration has an error (see above).");
                return ExitCodes.USAGE;
            }
            QualifyConfig cfg = l.config();
            IdtConfig idt = l.idt();
            boolean ok = true;
            if (idt != null) {
                out.println("IDT configuration (" + idt.product() + "): " + idt.configsDir());
                out.println("  read: " + String.join(", ", idt.files().keySet()));
                out.println("  {{config.idtRootPath}} = " + idt.root());
            } else {
                out.println("Qualify configuration: " + cfg.file().toAbsolutePath());
            }
            if (!l.warnings().isEmpty()) {
                out.println("Warnings (" + l.warnings().size() + "): fields Qualify reads but does not act on yet");
                for (String w : l.warnings()) out.println("  warning: " + w);
            }
            String suiteId = suite != null ? suite : idt != null ? idt.suiteId() : null;
            QualificationSuite s = null;
            SuiteCatalog catalog = SuitePathOption.catalog(suitePath);
            try {
                s = Selection.suite(catalog, suiteId);
            } catch (UsageException e) {
                out.println("Suite: " + (suiteId == null ? Selection.DEFAULT_SUITE : suiteId) + " is not installed in this"
                        + " Qualify, so no group would run (" + e.getMessage() + ")");
                ok = false;
            }
            if (s != null) {
                out.println("Suite: " + s.id() + " " + s.version());
                try {
                    s.validate(new SuiteParameters(cfg.suites().getOrDefault(s.id(), Map.of()), cfg.baseDir()));
                } catch (SettingsException e) {
                    out.println("  parameter error: suites." + s.id() + (e.key() == null ? "" : "." + e.key()) + ": " + e.getMessage());
                    ok = false;
                }
            }
            List<PoolSpec> pools = pool == null ? cfg.pools()
                    : List.of(cfg.pool(pool).orElseThrow(() -> new UsageException("no pool '" + pool + "' in " + config)));
            Map<String, Object> suiteParams = s == null ? Map.of() : cfg.suites().getOrDefault(s.id(), Map.of());
            for (PoolSpec p : pools) {
                out.println();
                out.println("Pool " + p.id() + (p.sku() == null ? "" : " (sku " + p.sku() + ")") + ", features: "
                        + (p.features().isEmpty() ? "none" : p.features()));
                for (DeviceSpec d : p.devices()) {
                    out.println("  Device " + d.id() + ":");
                    String how = idt != null ? idt.connections().get(d.id()) : null;
                    if (how != null) out.println("    reached by: " + how);
                    for (Map.Entry<String, ResourceSpec> r : d.resources().entrySet()) {
                        String section = r.getKey();
                        if ((section.equals("build") || section.equals("flash")) && idt != null) continue;
                        if (section.equals("build") || section.equals("flash") || r.getValue().settings().containsKey("command")) {
                            ok &= command(out, section, r.getValue().type(), commandOf(r.getValue()), d, p, cfg, idt, suiteParams);
                        } else {
                            out.println("    " + section + ": " + r.getValue().type() + " " + Secrets.redactMap(r.getValue().settings()));
                        }
                    }
                    if (idt != null) {
                        Map<String, List<List<String>>> cmds = idt.commands().getOrDefault(p.id(), Map.of());
                        for (String step : List.of("build", "flash")) {
                            List<List<String>> list = cmds.getOrDefault(step, List.of());
                            if (list.isEmpty()) out.println("    " + step + ": none");
                            for (List<String> c : list) ok &= command(out, step, "IDT " + step + "Tool", c, d, p, cfg, idt, suiteParams);
                        }
                    }
                }
                if (s != null) {
                    try {
                        Selection.featureTypos(s, cfg, p).forEach(w -> out.println("  warning: " + w.replace("\n", "\n  ")));
                        var chosen = Selection.groups(s, Selection.split(groups), List.of(), p.features());
                        out.println("  Groups of " + s.id() + ":");
                        for (GroupDescriptor g : chosen.getKey()) {
                            out.printf("    %-34s would run%s%n", g.id(), g.features().isEmpty() ? "" : " (needs " + Selection.describeFeatures(g) + ")");
                        }
                        chosen.getValue().forEach((g, why) -> out.printf("    %-34s not run: %s%n", g, why));
                        if (chosen.getKey().isEmpty()) {
                            out.println("    no group would run on pool " + p.id());
                            ok = false;
                        }
                    } catch (UsageException e) {
                        out.println("  groups: " + e.getMessage());
                        ok = false;
                    }
                }
            }
            out.println();
            out.println(ok ? "Would run: exit 0." : "Would not run: exit 2.");
            return ok ? ExitCodes.PASSED : ExitCodes.USAGE;
        }

        @SuppressWarnings("unchecked")
        private static List<String> commandOf(ResourceSpec r) {
            Object c = r.settings().get("command");
            if (c instanceof List<?> l) return l.stream().map(String::valueOf).toList();
            return List.of(String.valueOf(c));
        }

        private static boolean command(PrintWriter out, String step, String what, List<String> argv, DeviceSpec d, PoolSpec p,
                                       QualifyConfig cfg, IdtConfig idt, Map<String, Object> suiteParams) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            String home = Installation.home().toAbsolutePath().toString();
            ctx.put("config", Map.of("idtRootPath", idt != null ? idt.root().toString() : home, "dir", cfg.baseDir().toString()));
            ctx.put("qualify", Map.of("home", home, "java", ProcessHandle.current().info().command().orElse("java")));
            ctx.put("run", Map.of("dir", "<run>"));
            ctx.put("pool", Map.of("id", p.id()));
            Map<String, Object> device = new LinkedHashMap<>(d.json());
            device.put("workDir", "<run>/work/" + d.id());
            ctx.put("device", device);
            String image = String.valueOf(suiteParams.getOrDefault("buildImageName", "aws_tests.bin"));
            Object src = suiteParams.get("sourcePath");
            ctx.put("testData", Map.of("sourcePath", "<run>/work/images/<hash>/source (a copy of " + (src == null ? "the source" : src) + ")"));
            ctx.put("buildImageName", image);
            ctx.put("buildImagePath", "<run>/work/images/<hash>/" + image);
            JsonPathPlaceholders ph = new JsonPathPlaceholders(ctx);
            List<String> shown = new ArrayList<>();
            try {
                for (String w : argv) shown.add(ph.expand(w));
            } catch (IllegalArgumentException e) {
                out.println("    " + step + " (" + what + "): ERROR " + e.getMessage());
                return false;
            }
            for (String secret : ph.secretValues()) shown.replaceAll(w -> w.replace(secret, Secrets.REDACTED));
            StringBuilder sb = new StringBuilder();
            for (String w : shown) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(w.isEmpty() || w.matches(".*[\\s'\"].*") ? "'" + w.replace("'", "'\\''") + "'" : w);
            }
            out.println("    " + step + " (" + what + ", " + shown.size() + " argument(s)): " + sb);
            return true;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Write the Qualify config equivalent to an IDT configs folder, with comments where a field had no equivalent.")
    static final class Convert implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "DIR|FILE", required = true, description = "IDT's configs folder or one of its files.")
        Path config;

        @Option(names = "--userdata", paramLabel = "FILE", description = "IDT's userdata file (default userdata.json).")
        Path userdata;

        @Option(names = "--output", paramLabel = "FILE", defaultValue = "qualify.yaml", description = "Default: ${DEFAULT-VALUE}")
        Path output;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Loaded l;
            try {
                l = load(config, userdata);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("qualify: configuration error in " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (l.idt() == null) throw new UsageException(config + " is already a Qualify config; convert reads IDT folders");
            IdtConfig idt = l.idt();
            String yaml = yaml(idt, l.warnings());
            if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, yaml, StandardCharsets.UTF_8);
            out.println("Wrote " + output + " from " + idt.configsDir() + " (" + l.warnings().size() + " field(s) without an equivalent, noted as comments).");
            out.println("Run it with: qualify run --config " + output);
            return ExitCodes.PASSED;
        }

        @SuppressWarnings("unchecked")
        static String yaml(IdtConfig idt, List<String> warnings) throws Exception {
            QualifyConfig cfg = idt.config();
            Map<String, Object> root = new LinkedHashMap<>();
            List<Object> pools = new ArrayList<>();
            for (PoolSpec p : cfg.pools()) {
                Map<String, Object> pool = new LinkedHashMap<>();
                pool.put("id", p.id());
                if (p.sku() != null) pool.put("sku", p.sku());
                if (!p.features().isEmpty()) pool.put("features", new LinkedHashMap<>(p.features()));
                List<Object> devices = new ArrayList<>();
                for (DeviceSpec d : p.devices()) {
                    Map<String, Object> dev = new LinkedHashMap<>();
                    dev.put("id", d.id());
                    d.json().forEach((k, v) -> {
                        if (k.equals("id")) return;
                        dev.put(k, k.equals("properties") ? Secrets.redact(v) : v);
                    });
                    for (Map.Entry<String, ResourceSpec> r : d.resources().entrySet()) {
                        Map<String, Object> sec = new LinkedHashMap<>();
                        sec.put("type", r.getValue().type());
                        sec.putAll(r.getValue().settings());
                        dev.put(r.getKey(), sec);
                    }
                    devices.add(dev);
                }
                pool.put("devices", devices);
                pools.add(pool);
            }
            root.put("pools", pools);
            root.put("suites", cfg.suites());
            root.put("cloud", Map.of("type", "emulated"));
            YAMLMapper mapper = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
            StringBuilder sb = new StringBuilder();
            sb.append("# Converted by 'qualify config convert' from the IDT configs folder ").append(idt.configsDir()).append('\n');
            sb.append("# (").append(idt.product()).append("; {{config.idtRootPath}} was ").append(idt.root()).append(").\n");
            sb.append("# build and flash run IDT's own commands, word for word, through ").append(dev.qualify.core.config.idt.IdtStep.class.getSimpleName())
                    .append(" (it finds the image the build\n# wrote in the source copy, and gives flash the source copy as {{testData.sourcePath}}).\n");
            if (!warnings.isEmpty()) {
                sb.append("#\n# Fields with no equivalent in Qualify yet (read, not acted on):\n");
                for (String w : warnings) sb.append("#   ").append(w).append('\n');
            }
            idt.comments().forEach((who, notes) -> notes.forEach(n -> sb.append("#   ").append(who).append(": ").append(n).append('\n')));
            boolean secrets = cfg.pools().stream().flatMap(p -> p.devices().stream())
                    .anyMatch(d -> d.json().get("properties") instanceof Map<?, ?> m && m.containsKey("awsParameters"));
            if (secrets) {
                sb.append("#\n# {{AWS.Parameter.NAME}} values are not written here: fill in properties.awsParameters.NAME.secret\n"
                        + "# on each device (they print as <redacted>).\n");
            }
            sb.append('\n').append(mapper.writeValueAsString(root));
            return sb.toString();
        }
    }
}
