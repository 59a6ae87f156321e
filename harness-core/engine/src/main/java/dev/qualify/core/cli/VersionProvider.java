package dev.qualify.core.cli;

import picocli.CommandLine;

/** {@code --version}: the manifest's Implementation-Version, the Java runtime and the OS. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{
                "qualify " + Installation.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
