package dev.qualify.connectors.ssh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps Apache SSHD's debug chatter out of test output (the module has no logback-test.xml of its own). */
final class QuietSshdLogs {
    private QuietSshdLogs() {
    }

    static void apply() {
        if (LoggerFactory.getLogger("org.apache.sshd") instanceof Logger l) l.setLevel(Level.WARN);
        if (LoggerFactory.getLogger("dev.qualify.connectors.ssh") instanceof Logger l) l.setLevel(Level.INFO);
    }
}
