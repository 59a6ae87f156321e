package dev.qualify.core.cli;

import dev.qualify.api.suite.QualificationSuite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * The suites a command can use: the built-in ones (on Qualify's class path) and those of the jars named with
 * {@code --suite-path}, found with {@link ServiceLoader} through one {@link URLClassLoader} over those jars whose
 * parent is Qualify's own class loader. Every jar is checked before anything is loaded from it: it exists, is a
 * jar, registers a suite, and was built against a compatible {@code qualify-api} (its manifest's
 * {@value #API_VERSION_ATTRIBUTE}, same major.minor as the running API). Two suites with the same id are refused.
 * Each problem is a {@link UsageException} (exit 2) saying what was found and what was expected.
 */
final class SuiteCatalog {
    /** The manifest attribute a suite jar records the {@code qualify-api} version it was built against in. */
    static final String API_VERSION_ATTRIBUTE = "Qualify-API-Version";
    static final String SERVICE_FILE = "META-INF/services/" + QualificationSuite.class.getName();
    static final String BUILT_IN = "built in";

    /** A suite and where it came from: {@value #BUILT_IN} or its jar. */
    record Entry(QualificationSuite suite, String origin) {
    }

    private final ClassLoader loader;
    private final List<Entry> entries;

    private SuiteCatalog(ClassLoader loader, List<Entry> entries) {
        this.loader = loader;
        this.entries = List.copyOf(entries);
    }

    /** Only the suites on Qualify's class path. */
    static SuiteCatalog builtIn() {
        return load(List.of());
    }

    /**
     * @param suitePath jars and directories of jars ({@code --suite-path}, in the order given)
     * @throws UsageException for a missing entry, a file that is not a jar, a jar without a suite, an incompatible
     *                        jar, or two suites with one id
     */
    static SuiteCatalog load(List<Path> suitePath) {
        List<Path> jars = jars(suitePath);
        Map<Path, List<String>> providers = new LinkedHashMap<>();
        for (Path jar : jars) providers.put(jar, check(jar));
        ClassLoader parent = SuiteCatalog.class.getClassLoader();
        ClassLoader loader = parent;
        if (!jars.isEmpty()) {
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                try {
                    urls[i] = jars.get(i).toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new UsageException("suite jar " + jars.get(i) + ": not a usable path: " + e.getMessage());
                }
            }
            loader = new URLClassLoader("qualify-suites", urls, parent);
        }
        List<Entry> found = new ArrayList<>();
        Iterator<QualificationSuite> it = ServiceLoader.load(QualificationSuite.class, loader).iterator();
        while (true) {
            QualificationSuite s;
            try {
                if (!it.hasNext()) break;
                s = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                throw incompatible(blame(e, providers), e);
            }
            String origin = origin(s, loader, jars);
            if (!origin.equals(BUILT_IN)) {
                try {
                    s.id();
                    s.title();
                    s.version();
                    s.groups();
                } catch (LinkageError e) {
                    throw incompatible(origin, e);
                }
            }
            found.add(new Entry(s, origin));
        }
        for (Path jar : jars) {
            if (found.stream().anyMatch(e -> e.origin().equals(jar.toString()))) continue;
            // its providers' classes came from another jar (or Qualify itself): the same suite given twice
            for (String n : providers.getOrDefault(jar, List.of())) {
                for (Entry e : found) {
                    if (e.suite().getClass().getName().equals(n)) {
                        throw new UsageException("two suites have the id '" + e.suite().id() + "': " + e.origin() + " and "
                                + jar + " (both register " + n + "); expected every suite id once: leave one of them out"
                                + " of --suite-path");
                    }
                }
            }
            throw new UsageException("suite jar " + jar + " registers no suite that could be loaded from it: its "
                    + SERVICE_FILE + " names " + providers.get(jar) + "; expected a class of its own implementing "
                    + QualificationSuite.class.getName());
        }
        Map<String, List<Entry>> byId = new LinkedHashMap<>();
        for (Entry e : found) byId.computeIfAbsent(e.suite().id(), k -> new ArrayList<>()).add(e);
        byId.forEach((id, same) -> {
            if (same.size() > 1) {
                throw new UsageException("two suites have the id '" + id + "': " + same.get(0).origin() + " and "
                        + same.get(1).origin() + "; expected every suite id once: leave one of them out of --suite-path");
            }
        });
        found.sort(Comparator.comparing(e -> e.suite().id()));
        return new SuiteCatalog(loader, found);
    }

    /** The class loader the suites' classes come from; the thread context class loader while a run launches them. */
    ClassLoader loader() {
        return loader;
    }

    List<Entry> entries() {
        return entries;
    }

    List<QualificationSuite> suites() {
        return entries.stream().map(Entry::suite).toList();
    }

    Optional<QualificationSuite> suite(String id) {
        return suites().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The suites that came from {@code --suite-path}. */
    List<QualificationSuite> fromSuitePath() {
        return entries.stream().filter(e -> !e.origin().equals(BUILT_IN)).map(Entry::suite).toList();
    }

    private static List<Path> jars(List<Path> suitePath) {
        List<Path> jars = new ArrayList<>();
        for (Path p : suitePath) {
            Path abs = p.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                throw new UsageException("suite path " + p + ": no such file or directory; expected a suite jar (built"
                        + " with mvn package from a suite project) or a directory of suite jars");
            }
            if (Files.isDirectory(abs)) {
                List<Path> inDir;
                try (Stream<Path> s = Files.list(abs)) {
                    inDir = s.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
                } catch (IOException e) {
                    throw new UsageException("suite path " + p + ": cannot list the directory: " + e.getMessage());
                }
                if (inDir.isEmpty()) {
                    throw new UsageException("suite path " + p + " is a directory with no .jar file in it; expected"
                            + " suite jars (or name a jar)");
                }
                inDir.forEach(j -> add(jars, j));
            } else {
                add(jars, abs);
            }
        }
        return jars;
    }

    private static void add(List<Path> jars, Path jar) {
        Path real;
        try {
            real = jar.toRealPath();
        } catch (IOException e) {
            real = jar;
        }
        for (Path j : jars) {
            try {
                if (j.toRealPath().equals(real)) return; // named twice (a jar and its directory)
            } catch (IOException ignored) {
                // compare the next one
            }
        }
        jars.add(jar);
    }

    /** Checks one jar; returns the provider classes its service file names. */
    private static List<String> check(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            JarEntry services = jf.getJarEntry(SERVICE_FILE);
            if (services == null) {
                throw new UsageException("suite jar " + jar + " has no suite registered: it holds no " + SERVICE_FILE
                        + "; expected that file naming the jar's " + QualificationSuite.class.getSimpleName()
                        + " implementation (qualify new-suite writes one)");
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jf.getInputStream(services), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!name.isEmpty()) names.add(name);
                }
            }
            if (names.isEmpty()) {
                throw new UsageException("suite jar " + jar + " has no suite registered: its " + SERVICE_FILE
                        + " names no class; expected the jar's " + QualificationSuite.class.getSimpleName() + " implementation");
            }
            String builtAgainst = jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue(new Attributes.Name(API_VERSION_ATTRIBUTE));
            String running = runningApiVersion();
            if (builtAgainst != null && running != null && !majorMinor(builtAgainst).equals(majorMinor(running))) {
                throw new UsageException("suite jar " + jar + " was built against qualify-api " + builtAgainst
                        + " (its manifest's " + API_VERSION_ATTRIBUTE + "), and this Qualify runs qualify-api " + running
                        + "; expected a suite built against qualify-api " + majorMinor(running) + ".x: rebuild it with"
                        + " dev.qualify:qualify-api:" + running);
            }
            return names;
        } catch (ZipException e) {
            throw new UsageException("suite jar " + jar + " is not a jar: it is not a zip archive (" + e.getMessage()
                    + "); expected a suite jar built with mvn package");
        } catch (IOException e) {
            throw new UsageException("suite jar " + jar + " cannot be read: " + e.getMessage());
        }
    }

    /** The running qualify-api's version, from its jar manifest; null when run from classes. */
    static String runningApiVersion() {
        return QualificationSuite.class.getPackage().getImplementationVersion();
    }

    /** {@code 1.2} of {@code 1.2.3-SNAPSHOT}. */
    static String majorMinor(String version) {
        String[] parts = version.strip().split("[.\\-+]");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
    }

    private static String origin(QualificationSuite s, ClassLoader loader, List<Path> jars) {
        if (loader == SuiteCatalog.class.getClassLoader() || s.getClass().getClassLoader() != loader) return BUILT_IN;
        Path from;
        try {
            from = Path.of(s.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return String.valueOf(s.getClass().getProtectionDomain().getCodeSource());
        }
        for (Path jar : jars) {
            try {
                if (Files.isSameFile(jar, from)) return jar.toString();
            } catch (IOException ignored) {
                // try the next one
            }
        }
        return from.toString();
    }

    private static String blame(Throwable e, Map<Path, List<String>> providers) {
        String text = String.valueOf(e.getMessage());
        for (var p : providers.entrySet()) {
            for (String n : p.getValue()) if (text.contains(n)) return p.getKey().toString();
        }
        return providers.isEmpty() ? BUILT_IN : "of --suite-path " + providers.keySet();
    }

    private static UsageException incompatible(String origin, Throwable e) {
        Throwable shown = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
        Throwable root = shown;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String running = runningApiVersion();
        return new UsageException("suite jar " + origin + " is incompatible with this Qualify: loading its suite failed with "
                + shown + (root == shown ? "" : " (caused by " + root + ")") + "; expected a suite built against qualify-api "
                + (running == null ? "of this Qualify" : running) + " whose classes are all in its jar (rebuild it against"
                + " that version)");
    }
}
