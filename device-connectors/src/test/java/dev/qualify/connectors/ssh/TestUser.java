package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A local unprivileged login for the integration tests' password logins ({@value #NAME}, created once, without
 * sudo rights). Its password is random and set afresh for each test class that asks.
 */
final class TestUser {
    static final String NAME = "qualify-it";

    private TestUser() {
    }

    /** Ensures the user exists and sets a new random password; returns it. */
    static String withFreshPassword() throws IOException, InterruptedException {
        try {
            HostTools.run(List.of("id", "-u", NAME), null);
        } catch (IOException missing) {
            HostTools.run(List.of("useradd", "--create-home", "--shell", "/bin/sh", NAME), null);
        }
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        String password = "Q-" + HexFormat.of().formatHex(b);
        HostTools.run(List.of("chpasswd"), NAME + ":" + password + "\n");
        return password;
    }
}
