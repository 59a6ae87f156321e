package dev.qualify.distribution;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds small suite jars for the bad-input tests: Java sources compiled with the JDK's compiler against the
 * installation's {@code lib/}, packed with a chosen manifest and service file, optionally without some classes.
 */
final class SuiteJars {
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();
    private String service;

    /** A source file, by its class's binary name (e.g. {@code x.MySuite}). */
    SuiteJars source(String className, String text) {
        sources.put(className, text);
        return this;
    }

    /** {@code META-INF/services/dev.qualify.api.suite.QualificationSuite} naming {@code providerClass}; none when null. */
    SuiteJars service(String providerClass) {
        this.service = providerClass;
        return this;
    }

    SuiteJars manifest(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    /** Leaves a compiled class out of the jar, as if the suite were built against classes this Qualify lacks. */
    SuiteJars omit(String className) {
        omitted.add(className);
        return this;
    }

    Path write(Path dir, String jarName) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path classes = Files.createTempDirectory(dir, "classes");
        String classPath;
        try (Stream<Path> lib = Files.list(Qualify.HOME.resolve("lib"))) {
            classPath = String.join(java.io.File.pathSeparator, lib.filter(j -> j.toString().endsWith(".jar")).map(Path::toString).toList());
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none", "--release", "17"));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, OutputStream.nullOutputStream(), errors, args.toArray(String[]::new));
        if (rc != 0) throw new AssertionError("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().put(new Attributes.Name(k), v));
        Path jar = dir.resolve(jarName);
        Set<String> skip = Set.copyOf(omitted.stream().map(c -> c.replace('.', '/') + ".class").toList());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (skip.contains(name)) continue;
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            if (service != null) {
                out.putNextEntry(new JarEntry("META-INF/services/dev.qualify.api.suite.QualificationSuite"));
                out.write((service + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A suite {@code pkg.Suite} with id {@code id} whose groups are {@code groups} (simple names in {@code pkg}). */
    static String suite(String pkg, String id, String... groups) {
        StringBuilder list = new StringBuilder();
        for (String g : groups) list.append(list.isEmpty() ? "" : ", ").append(g).append(".class");
        return "package " + pkg + ";\n"
                + "public class Suite implements dev.qualify.api.suite.QualificationSuite {\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public String title() { return \"" + id + " (test fixture)\"; }\n"
                + "  public String version() { return \"1.0\"; }\n"
                + "  public java.util.List<Class<?>> groupClasses() { return java.util.List.of(" + list + "); }\n"
                + "}\n";
    }

    /** A group {@code pkg.name} that runs on the host, with {@code body} as its class body. */
    static String group(String pkg, String name, String body) {
        return "package " + pkg + ";\n"
                + "import org.junit.jupiter.api.Test;\n"
                + "@dev.qualify.api.suite.QualificationGroup(id = \"" + name + "\", title = \"" + name + "\","
                + " preparation = dev.qualify.api.suite.Preparation.HostOnly.class)\n"
                + "public class " + name + " {\n" + body + "\n}\n";
    }
}
