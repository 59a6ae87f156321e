package dev.qualify.report.junit;
import dev.qualify.api.report.ExitCodes;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.report.ReportFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.xml.stream.XMLStreamException;

/**
 * Writes the run as JUnit XML: the aggregate {@code junit.xml} ({@code <testsuites>} with one {@code <testsuite>}
 * per group and device, in the order the groups started) and one stand-alone {@code junit/TEST-<group>-<device>.xml}
 * per suite. Earlier {@code TEST-*.xml} files in {@code junit/} are removed first, so the directory always
 * matches {@code junit.xml}.
 *
 * <p>{@code junit.xml} validates against the Jenkins xUnit {@code junit-10.xsd}  and links each test case's log
 * with a {@code <system-out>[[ATTACHMENT|logs/…]]</system-out>} (GitLab and Jenkins show it as the test's
 * attachment), and carries Surefire's {@code flakyError}/{@code rerunError} elements for retried tests;
 * the stand-alone files validate against both the strict Ant schema (windyroad {@code JUnit.xsd}),
 * which has no place for that, and the Jenkins schema. {@code <testsuites>} carries no attributes (as the Ant
 * schema wants), so the run's totals are in a leading XML comment for people; tools sum the suites. See {@link TestSuiteXml} for a suite's shape
 * and {@link JUnitNames} for names, timestamps and times. An empty run (no groups) is an empty
 * {@code <testsuites>} element.
 */
public final class JUnitXmlWriter implements ReportWriter {

    /** The aggregate report in the run directory. */
    public static final String FILE_NAME = "junit.xml";
    /** The directory, inside the run directory, of the one-file-per-suite reports. */
    public static final String SUITE_DIR = "junit";

    private final String hostname;

    /** Uses this machine's host name, or {@code localhost} when it cannot be found. */
    public JUnitXmlWriter() {
        this(localHostname());
    }

    /** @param hostname written as each suite's {@code hostname}; must not be blank */
    JUnitXmlWriter(String hostname) {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("hostname must not be blank");
        }
        this.hostname = hostname;
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Path runDir) throws IOException {
        TestSuiteXml suites = new TestSuiteXml(report, hostname);
        ReportFiles.write(runDir.resolve(FILE_NAME), stream -> {
            try {
                XmlOut out = XmlOut.startDocument(stream);
                out.comment(summary(report));
                out.start("testsuites");
                int id = 0;
                for (GroupResult group : report.groups()) {
                    suites.write(out, group, id++);
                }
                out.finish();
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + FILE_NAME, e);
            }
        });
        removeOldSuiteFiles(runDir.resolve(SUITE_DIR));
        Set<String> used = new HashSet<>();
        for (GroupResult group : report.groups()) {
            String name = unique(JUnitNames.suiteFileName(group), used);
            ReportFiles.write(runDir.resolve(SUITE_DIR).resolve(name), stream -> {
                try {
                    XmlOut out = XmlOut.startDocument(stream);
                    suites.write(out, group, -1);
                    out.finish();
                } catch (XMLStreamException e) {
                    throw new IOException("cannot write " + name, e);
                }
            });
        }
    }

    /** A report rewritten for the same run (e.g. after --resume) must not keep suites of the earlier one. */
    private static void removeOldSuiteFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "TEST-*.xml")) {
            for (Path file : old) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String summary(RunReport report) {
        return "Qualify " + report.qualifyVersion() + " run " + report.runId()
                + ": suite " + report.suiteId() + " " + report.suiteVersion() + ", pool " + report.poolId()
                + "; tests=" + report.testCount()
                + " failures=" + report.count(Outcome.FAILED)
                + " errors=" + report.count(Outcome.ERROR)
                + " skipped=" + report.count(Outcome.SKIPPED)
                + " time=" + JUnitNames.seconds(report.duration())
                + "; exit code " + report.exitCode() + " (" + ExitCodes.meaning(report.exitCode()) + ")"
                + (report.interrupted() ? "; interrupted" : "");
    }

    /** The same (group, device) can appear twice, e.g. after a resume; later files get -2, -3, ... */
    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name.substring(0, name.length() - ".xml".length()) + "-" + n + ".xml";
        }
        return candidate;
    }

    private static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }
}
