package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Console;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;

/**
 * Opens an interactive shell channel (with a {@code dumb} pseudo-terminal, so the device's shell prompts and echoes
 * as on a serial console) and wraps its streams in a {@link StreamConsole}. The console owns its own connection;
 * closing the console closes both. When the device drops the connection the console reports it as gone (consoles
 * do not reconnect by themselves).
 */
final class SshConsole {
    private SshConsole() {
    }

    /**
     * Connects (with retries until the reconnect deadline) and starts the shell.
     *
     * @throws InfrastructureException if the device cannot be reached or refuses the shell
     */
    static Console open(SshSettings settings, double timeoutMultiplier, Transcript transcript) {
        SshLink link = new SshLink(settings, timeoutMultiplier, transcript);
        ChannelShell channel = null;
        try {
            ClientSession session = link.session();
            channel = session.createShellChannel();
            channel.setPtyType("dumb");
            channel.setPtyColumns(200);
            channel.setPtyLines(50);
            channel.setRedirectErrorStream(true); // prompts of a shell without a pty arrive on stderr
            channel.open().verify(link.connectTimeout());
            ChannelShell opened = channel;
            return new StreamConsole("ssh " + settings.display(), opened.getInvertedOut(), opened.getInvertedIn(), () -> {
                try {
                    opened.close(false);
                } finally {
                    link.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            if (channel != null) channel.close(true);
            link.close();
            if (e instanceof InfrastructureException ie) throw ie;
            throw new InfrastructureException("ssh-channel-failed", "cannot open a shell on " + settings.display() + ": "
                    + SshConnection.describe(e), e);
        }
    }
}
