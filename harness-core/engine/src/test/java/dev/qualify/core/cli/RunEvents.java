package dev.qualify.core.cli;

import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Journal events of a small two-device run, for the console views' tests. */
final class RunEvents {
    static final Instant AT = Instant.parse("2026-12-02T00:00:00Z");

    private RunEvents() {
    }

    static RunStarted run(String... devices) {
        return new RunStarted(AT, "run-1", "freertos-qualification", "1.0", "lab", "0.1", "/lab/qualify.yaml", 1.0,
                List.of("FullPKCS11_Core", "FullTransportInterfaceTLS"),
                java.util.Arrays.stream(devices).map(d -> new RunStarted.Device(d, "lab", "tcp 127.0.0.1", Map.of(), Map.of())).toList());
    }

    static GroupStarted group(String device, String group) {
        return new GroupStarted(AT, device, group, group, true);
    }

    static GroupFinished groupDone(String device, String group) {
        return new GroupFinished(AT, device, group, 1200);
    }

    static TestFinished passed(String device, String group, String test) {
        return TestFinished.passed(AT, new TestFinished.Case(device, group, test, group + ".Unity", "logs/x.log"), Duration.ofMillis(5));
    }

    static TestFinished failed(String device, String group, String test) {
        return TestFinished.failed(AT, new TestFinished.Case(device, group, test, group + ".Unity", "logs/x.log"),
                "expected 0 got 1", null, Duration.ofMillis(5));
    }

    static TestFinished error(String device, String group, String test) {
        return TestFinished.error(AT, new TestFinished.Case(device, group, test, group + ".Unity", "logs/x.log"),
                "port gone", "console-lost", null, Duration.ofMillis(5));
    }
}
