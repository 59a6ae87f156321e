package dev.qualify.connectors.ssh;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process test server's exec handler: runs the command line with {@code setsid /bin/sh -c}, like OpenSSH
 * (a new session, so the shell leads its process group), with stdout and stderr kept apart. Like OpenSSH it does
 * not kill the process when the channel closes.
 */
final class LocalProcessCommand implements Command {
    private final String commandLine;
    private final Path extraPath;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    /** @param extraPath a directory put first on PATH (fake tools), or null */
    LocalProcessCommand(String commandLine, Path extraPath) {
        this.commandLine = commandLine;
        this.extraPath = extraPath;
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/sh", "-c", commandLine);
        if (extraPath != null) pb.environment().put("PATH", extraPath + ":" + System.getenv("PATH"));
        Process p = pb.start();
        List<Thread> pumps = new ArrayList<>();
        pumps.add(pump(p.getInputStream(), out, false));
        pumps.add(pump(p.getErrorStream(), err, false));
        Thread stdin = pump(in, p.getOutputStream(), true);
        Thread waiter = new Thread(() -> {
            try {
                int code = p.waitFor();
                for (Thread t : pumps) t.join();
                stdin.interrupt();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-sshd-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeTarget) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the other side went away
            } finally {
                if (closeTarget) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
            }
        }, "test-sshd-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
        // like OpenSSH: closing the channel does not kill the command
    }
}
