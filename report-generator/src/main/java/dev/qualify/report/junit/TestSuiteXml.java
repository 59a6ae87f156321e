package dev.qualify.report.junit;

import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamException;

/**
 * Writes the results of one group on one device as a JUnit {@code <testsuite>} element. Inside the aggregate
 * {@code <testsuites>} it is valid under the Jenkins xUnit schema and links each test's log from a
 * {@code <system-out>} of its test case; as a stand-alone document it is valid under both the strict Ant schema and
 * the Jenkins schema.
 *
 * <p>Shape, in the order the Ant schema requires:
 * <pre>
 * &lt;testsuite name=group [package=device id=n] timestamp hostname tests failures errors skipped time&gt;
 *   &lt;properties&gt; run, suite, pool, device, group, required; per test: log, attempts, its properties
 *   &lt;testcase name classname=device.Class time&gt; with at most one of
 *       &lt;failure type message&gt;detail + log path&lt;/failure&gt;, &lt;error type message&gt;…, &lt;skipped message/&gt;
 *       and, in the aggregate only, &lt;system-out&gt;[[ATTACHMENT|logs/…]]&lt;/system-out&gt;
 *   &lt;system-out&gt; one {@code name: [[ATTACHMENT|logs/…]]} line per test that has a log
 *   &lt;system-err/&gt;
 * </pre>
 * The Ant schema allows neither {@code <system-out>} nor {@code <properties>} inside a test case, so in the
 * stand-alone files the per-test log links live in the suite's {@code <system-out>}, in {@code test.<id>.log}
 * properties and at the end of the failure or error text.
 *
 * <p>Runs of a test case before its final one ({@code --retries}) are written the way Maven Surefire writes reruns
 * and Jenkins reads them, in the aggregate {@code junit.xml} only (the Jenkins schema has these elements, the Ant
 * schema does not, so a stand-alone suite file has the final result alone): a test that passed after errors gets a
 * {@code <flakyError type message>} per errored run (a {@code <flakyFailure>} for a failed one), a test whose final
 * result is not a pass gets a {@code <rerunError>} (or {@code <rerunFailure>}) per earlier run that did not pass;
 * each holds a {@code <stackTrace>} with the run's detail, device and log.
 */
final class TestSuiteXml {

    /** Used as failure/error {@code type} when the result names none (the Ant schema requires one). */
    static final String DEFAULT_FAILURE_TYPE = "failure";
    static final String DEFAULT_ERROR_TYPE = "error";

    private final RunReport run;
    private final String hostname;

    TestSuiteXml(RunReport run, String hostname) {
        this.run = run;
        this.hostname = hostname;
    }

    /**
     * @param out   where to write
     * @param group the suite
     * @param id    its position inside {@code <testsuites>} from 0, which also adds {@code package}; negative for
     *              a stand-alone {@code <testsuite>} document, where the Ant schema allows neither attribute
     */
    void write(XmlOut out, GroupResult group, int id) throws XMLStreamException {
        out.start("testsuite").attribute("name", JUnitNames.suiteName(group));
        if (id >= 0) {
            out.attribute("package", JUnitNames.devicePackage(group.deviceId())).attribute("id", id);
        }
        out.attribute("timestamp", JUnitNames.timestamp(group.startedAt() != null ? group.startedAt()
                        : run.startedAt()))
                .attribute("hostname", hostname)
                .attribute("tests", group.tests().size())
                .attribute("failures", group.count(Outcome.FAILED))
                .attribute("errors", group.count(Outcome.ERROR))
                .attribute("skipped", group.count(Outcome.SKIPPED))
                .attribute("time", JUnitNames.seconds(suiteTime(group)));

        out.start("properties");
        for (Map.Entry<String, String> p : properties(group).entrySet()) {
            out.empty("property").attribute("name", p.getKey()).attribute("value", p.getValue());
        }
        out.end();

        StringBuilder attachments = new StringBuilder();
        for (TestResult test : group.tests()) {
            writeTestCase(out, group, test, id >= 0);
            if (test.logPath() != null) {
                attachments.append(JUnitNames.testName(test)).append(": ").append(attachment(test.logPath()))
                        .append('\n');
            }
        }
        out.leaf("system-out", attachments.toString());
        out.empty("system-err");
        out.end();
    }

    /**
     * @param aggregate whether it goes into the aggregate {@code junit.xml}, which validates against the Jenkins
     *                  schema only: then the test case also gets the runs before its final one ({@code --retries}) and
     *                  a {@code <system-out>} linking its log (GitLab's and Jenkins' attachment convention); the Ant
     *                  schema of the stand-alone files has neither
     */
    private void writeTestCase(XmlOut out, GroupResult group, TestResult test, boolean aggregate)
            throws XMLStreamException {
        out.start("testcase")
                .attribute("name", JUnitNames.testName(test))
                .attribute("classname", JUnitNames.classname(group, test))
                .attribute("time", JUnitNames.seconds(test.duration()));
        switch (test.outcome()) {
            case FAILED -> problem(out, "failure", test, DEFAULT_FAILURE_TYPE);
            case ERROR -> problem(out, "error", test, DEFAULT_ERROR_TYPE);
            case SKIPPED -> {
                out.empty("skipped");
                if (test.message() != null) {
                    out.attribute("message", test.message());
                }
            }
            case PASSED -> { }
        }
        if (aggregate) {
            writeReruns(out, test);
        }
        if (aggregate && test.logPath() != null && !test.logPath().isBlank()) {
            out.leaf("system-out", attachment(test.logPath()));
        }
        out.end();
    }

    /** The runs before the final one that did not pass, as Surefire's flaky and rerun elements. */
    private static void writeReruns(XmlOut out, TestResult test) throws XMLStreamException {
        List<Attempt> history = test.history();
        String prefix = test.outcome() == Outcome.PASSED ? "flaky" : "rerun";
        for (int i = 0; i < history.size() - 1; i++) {
            Attempt a = history.get(i);
            if (a.outcome() != Outcome.ERROR && a.outcome() != Outcome.FAILED) {
                continue;
            }
            boolean error = a.outcome() == Outcome.ERROR;
            out.start(prefix + (error ? "Error" : "Failure"))
                    .attribute("type", a.errorType() == null || a.errorType().isBlank()
                            ? (error ? DEFAULT_ERROR_TYPE : DEFAULT_FAILURE_TYPE) : a.errorType());
            if (a.message() != null) {
                out.attribute("message", a.message());
            }
            StringBuilder body = new StringBuilder();
            body.append("Attempt ").append(a.number()).append(" on device ").append(a.deviceId()).append('\n');
            if (a.detail() != null && !a.detail().isBlank()) {
                body.append(a.detail()).append(a.detail().endsWith("\n") ? "" : "\n");
            }
            if (a.logPath() != null) {
                body.append("Log: ").append(a.logPath());
            }
            out.leaf("stackTrace", body.toString());
            out.end();
        }
    }

    /** GitLab's and Jenkins' attachment line for a file of the run directory. */
    static String attachment(String logPath) {
        return "[[ATTACHMENT|" + logPath + "]]";
    }

    private static void problem(XmlOut out, String element, TestResult test, String defaultType)
            throws XMLStreamException {
        String type = test.errorType() == null || test.errorType().isBlank() ? defaultType : test.errorType();
        out.start(element).attribute("type", type);
        if (test.message() != null) {
            out.attribute("message", test.message());
        }
        StringBuilder body = new StringBuilder(test.detail() == null ? "" : test.detail());
        if (test.logPath() != null) {
            if (body.length() > 0) {
                body.append(body.charAt(body.length() - 1) == '\n' ? "\n" : "\n\n");
            }
            body.append("Log: ").append(test.logPath());
        }
        out.text(body.toString()).end();
    }

    private Map<String, String> properties(GroupResult group) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("run.id", nonNull(run.runId()));
        props.put("suite", nonNull(run.suiteId()));
        props.put("suite.version", nonNull(run.suiteVersion()));
        props.put("qualify.version", nonNull(run.qualifyVersion()));
        props.put("pool", nonNull(device(group.deviceId()).map(DeviceInfo::poolId).orElse(run.poolId())));
        props.put("device", nonNull(group.deviceId()));
        device(group.deviceId()).ifPresent(d -> {
            if (d.connection() != null) {
                props.put("device.connection", d.connection());
            }
            new TreeMap<>(d.features()).forEach((k, v) -> props.put("device.feature." + k, nonNull(v)));
        });
        props.put("group", nonNull(group.groupId()));
        props.put("group.title", nonNull(group.title()));
        props.put("required", Boolean.toString(group.required()));
        props.put("run.interrupted", Boolean.toString(run.interrupted()));
        for (TestResult test : group.tests()) {
            String prefix = "test." + (test.testId() == null || test.testId().isBlank()
                    ? JUnitNames.testName(test) : test.testId()) + ".";
            if (test.logPath() != null) {
                props.put(prefix + "log", test.logPath());
            }
            if (test.attempts() > 1) {
                props.put(prefix + "attempts", Integer.toString(test.attempts()));
            }
            new TreeMap<>(test.properties()).forEach((k, v) -> props.put(prefix + k, nonNull(v)));
        }
        return props;
    }

    private Optional<DeviceInfo> device(String deviceId) {
        return run.devices().stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    private static Duration suiteTime(GroupResult group) {
        if (group.duration() != null) {
            return group.duration();
        }
        return group.tests().stream().map(TestResult::duration).filter(Objects::nonNull)
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
