package dev.qualify.core.cli;

import picocli.CommandLine;

/** {@code --version}: the manifest's Implementation-Version, the Java runtime and the OS. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return QualifyMain.versionLines();
    }
}
