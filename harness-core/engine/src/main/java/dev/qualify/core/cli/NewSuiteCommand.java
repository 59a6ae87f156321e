package dev.qualify.core.cli;

import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code qualify new-suite}: writes a standalone Maven project of a custom suite, from the templates under
 * {@value #TEMPLATES} in this jar ({@code files.txt} lists them, each with its target path), with the group id,
 * name, package and this Qualify's version substituted. The project depends on {@code qualify-api} (provided) and
 * {@code qualify-testkit} (test) and builds with {@code mvn verify} on its own.
 */
@Command(name = "new-suite", mixinStandardHelpOptions = true,
        description = {"Write a Maven project for a suite of your own: a QualificationSuite with one group that talks to"
                + " the device's console and one that uses the cloud, each with a test against the test kit's fakes.",
                "Build it with 'mvn verify', run it with 'qualify run --suite-path DIR/target/NAME.jar'. See docs/write-a-suite.md."})
final class NewSuiteCommand implements Callable<Integer> {
    static final String TEMPLATES = "/dev/qualify/core/cli/new-suite/";
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final Pattern GROUP_ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits", "non-sealed", "_");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--group-id", required = true, paramLabel = "GROUP",
            description = "Maven groupId of the project, e.g. com.example; also the start of the Java package.")
    String groupId;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "artifactId and suite id, lower case words joined by '-', e.g. acme-checks.")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "Java package of the suite. Default: GROUP.NAME without the dashes, e.g. com.example.acmechecks.")
    String javaPackage;

    @Option(names = "--qualify-version", paramLabel = "VERSION",
            description = "Version of the Qualify artifacts (qualify-api, qualify-testkit) to depend on. Default: this Qualify's.")
    String qualifyVersion;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "Directory to write the project to; must not exist or be empty. Default: ./NAME")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Map<String, String> values = values();
        Path target = (dir == null ? Path.of(name) : dir).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new UsageException(target + " exists and is a file; expected a new or empty directory for the project");
            }
            try (Stream<Path> s = Files.list(target)) {
                List<String> present = s.limit(4).map(p -> p.getFileName().toString()).toList();
                if (!present.isEmpty()) {
                    throw new UsageException(target + " is not empty (it holds " + String.join(", ", present)
                            + (present.size() == 4 ? ", ..." : "") + "); expected a new or empty directory: new-suite never"
                            + " overwrites files");
                }
            }
        }
        List<Path> written = new ArrayList<>();
        for (String line : resource("files.txt").split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s*->\\s*", 2);
            if (parts.length != 2) throw new IllegalStateException("bad line in new-suite/files.txt: " + line);
            String text = substitute(resource(parts[0]), values);
            Path out = target.resolve(substitute(parts[1], values)).normalize();
            Files.createDirectories(out.getParent());
            Files.writeString(out, text, StandardCharsets.UTF_8);
            written.add(target.relativize(out));
        }
        var out = spec.commandLine().getOut();
        out.println("Wrote suite " + name + " (package " + values.get("PACKAGE") + ", Qualify " + values.get("QUALIFY_VERSION")
                + ") to " + target + ":");
        written.forEach(p -> out.println("  " + p.toString().replace('\\', '/')));
        out.println();
        out.println("Next:");
        out.println("  cd " + target + " && mvn verify");
        out.println("  qualify run --config configs/demo/qualify.yaml --suite-path " + target.resolve("target").resolve(name + ".jar")
                + " --suite " + name);
        out.println("See docs/write-a-suite.md.");
        return 0;
    }

    /** The placeholders of the templates, checked: exit 2 for a bad name, group id or package. */
    Map<String, String> values() {
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("--name '" + name + "' is not a valid suite name; expected lower case letters and"
                    + " digits in words joined by '-', starting with a letter, e.g. acme-checks");
        }
        if (!GROUP_ID.matcher(groupId).matches() || keyword(groupId) != null) {
            throw new UsageException("--group-id '" + groupId + "' is not a valid group id; expected dot-separated lower case"
                    + " Java identifiers" + (keyword(groupId) != null ? " (not the keyword '" + keyword(groupId) + "')" : "")
                    + ", e.g. com.example");
        }
        String pkg = javaPackage != null ? javaPackage : groupId + "." + name.replace("-", "");
        if (!GROUP_ID.matcher(pkg).matches() || keyword(pkg) != null) {
            throw new UsageException("package '" + pkg + "' is not a valid Java package; expected dot-separated lower case"
                    + " identifiers that are not Java keywords" + (javaPackage == null ? " (choose one with --package)" : ""));
        }
        String version = qualifyVersion != null ? qualifyVersion : version();
        StringBuilder className = new StringBuilder();
        StringBuilder title = new StringBuilder();
        for (String w : name.split("-")) {
            className.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            title.append(title.isEmpty() ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : " " + w);
        }
        if (Character.isDigit(className.charAt(0))) className.insert(0, 'S');
        Map<String, String> v = new LinkedHashMap<>();
        v.put("GROUP_ID", groupId);
        v.put("NAME", name);
        v.put("PACKAGE", pkg);
        v.put("PACKAGE_PATH", pkg.replace('.', '/'));
        v.put("SUITE_CLASS", className + "Suite");
        v.put("TITLE", title.toString());
        v.put("QUALIFY_VERSION", version);
        v.put("JUNIT_VERSION", junitVersion());
        return v;
    }

    private static String keyword(String dotted) {
        for (String part : dotted.split("\\.")) if (JAVA_KEYWORDS.contains(part)) return part;
        return null;
    }

    /** This Qualify's version: the engine's, else the API's manifest version. */
    private static String version() {
        String v = Installation.version();
        if (!"dev".equals(v)) return v;
        String api = QualificationSuite.class.getPackage().getImplementationVersion();
        if (api != null) return api;
        throw new UsageException("cannot tell this Qualify's version (it runs from classes, not jars); name the"
                + " version of the Qualify artifacts to depend on with --qualify-version");
    }

    /** The JUnit version Qualify runs suites with: a suite compiles against that Jupiter API. */
    private static String junitVersion() {
        String v = org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion();
        return v == null ? "6.1.3" : v;
    }

    static String substitute(String text, Map<String, String> values) {
        String out = text;
        for (var e : values.entrySet()) out = out.replace("@@" + e.getKey() + "@@", e.getValue());
        if (out.contains("@@")) {
            int i = out.indexOf("@@");
            throw new IllegalStateException("unknown placeholder in a new-suite template near: "
                    + out.substring(i, Math.min(out.length(), i + 30)).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NewSuiteCommand.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) throw new IllegalStateException("template " + TEMPLATES + name + " is missing from the engine jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
