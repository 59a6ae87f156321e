package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.Shell;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.support.Quoting;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Shell} on a device over SSH (Apache MINA SSHD).
 *
 * <p>{@link #run} runs one command on its own exec channel: exit code, stdout and stderr come back separately
 * (each kept up to {@value #OUTPUT_LIMIT} bytes). At the command's deadline the remote process group is sent
 * SIGTERM, then SIGKILL, over a second channel, and the result says {@code timedOut} with exit code -1. A command
 * killed by a signal reports {@code 128 + signal}, as shells do. With {@code sudo: true} commands run under
 * {@code sudo -n}; when sudo wants a password the call throws {@code sudo-needs-password}.
 *
 * <p>Files go by SFTP; when the device has no SFTP subsystem, by SCP (noticed once per connection). See
 * {@link FileTransfer} for the copy semantics.
 *
 * <p>The connection is opened on first use and re-opened with backoff when it was lost (reboot, dead peer), see
 * {@link SshLink}. A command whose connection dies while it runs throws {@code ssh-connection-lost}: it is not
 * run again, as it may have had effects. Safe for use from several threads.
 */
public final class SshShell implements Shell, AutoCloseable {
    /** Bytes of stdout and of stderr kept in a {@link CommandResult}. */
    public static final int OUTPUT_LIMIT = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SshShell.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final Duration MKDIR_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("SEGV", 11), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("USR1", 10), Map.entry("USR2", 12));

    private final SshLink link;
    private final SshSettings settings;
    private final Transcript transcript;
    private final SecureRandom random = new SecureRandom();
    private volatile ClientSession sessionWithoutSftp;

    /**
     * @param timeoutMultiplier scales the connect timeout and reconnect deadline (command deadlines come scaled)
     * @param transcript        where commands and their results are noted; may be null
     */
    public SshShell(SshSettings settings, double timeoutMultiplier, Transcript transcript) {
        this.settings = settings;
        this.transcript = transcript == null ? Transcript.NONE : transcript;
        this.link = new SshLink(settings, timeoutMultiplier, this.transcript);
    }

    /** {@code user@host:port} and the jump hosts, for messages. */
    public String name() {
        return "ssh " + settings.display();
    }

    /** Whether a connection is up right now (false soon after a dead peer is detected); does not connect. */
    public boolean isConnected() {
        return link.isConnected();
    }

    /** Connects now (with retries until the reconnect deadline) unless already connected. */
    public void connect() {
        link.session();
    }

    /**
     * Drops the connection and connects again, retrying with backoff until the reconnect deadline: use after
     * asking the device to reboot, when the old connection may not yet look dead.
     */
    public void reconnect() {
        link.reconnect();
    }

    /** How many attempts the most recent connect took (1 when the device answered at once). */
    public int lastConnectAttempts() {
        return link.lastAttempts();
    }

    @Override
    public CommandResult run(Command command) {
        return execute(command, settings.sudo());
    }

    private CommandResult execute(Command command, boolean sudo) {
        String marker = "QUALIFY-PID-" + HexFormat.of().formatHex(randomBytes());
        String line = RemoteCommandLine.build(command, sudo, marker);
        String shown = (sudo ? "sudo -n " : "") + (command.shell() ? "sh -c " + Quoting.shellWord(command.argv().get(0))
                : Quoting.display(command.argv()));
        transcript.note(name() + "$ " + shown);
        LOG.debug("{}$ {}", name(), shown);

        BoundedOutput out = new BoundedOutput(OUTPUT_LIMIT);
        BoundedOutput err = new BoundedOutput(OUTPUT_LIMIT);
        PidMarkerFilter errFilter = new PidMarkerFilter(err, marker);
        long start = System.nanoTime();
        ClientSession session = link.session();
        ChannelExec channel;
        try {
            channel = openExec(session, line, out, errFilter);
        } catch (IOException | RuntimeException first) {
            if (session.isOpen() && !session.isClosing()) {
                throw new InfrastructureException("ssh-channel-failed", "cannot start a command on " + settings.display()
                        + ": " + SshConnection.describe(first), first);
            }
            // the connection died since it was last used: the command has not started, so it is safe to retry once
            session = link.session();
            try {
                channel = openExec(session, line, out, errFilter);
            } catch (IOException | RuntimeException e) {
                throw new InfrastructureException("ssh-channel-failed", "cannot start a command on " + settings.display()
                        + ": " + SshConnection.describe(e), e);
            }
        }
        try {
            long timeoutMillis = Math.max(1, command.timeout().toMillis()); // 0 would mean "wait forever" to SSHD
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeoutMillis);
            boolean timedOut = !events.contains(ClientChannelEvent.CLOSED);
            if (timedOut) {
                killRemote(session, errFilter.pid(2000), sudo, command);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_GRACE.toMillis());
                channel.close(true);
                closeQuietly(errFilter);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                CommandResult r = new CommandResult(-1, out.text(), err.text(), took, true);
                transcript.note(name() + ": killed at its deadline of " + command.timeout().toMillis() + " ms: " + shown);
                noteOutput(r);
                return r;
            }
            closeQuietly(errFilter);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Integer status = channel.getExitStatus();
            String signal = channel.getExitSignal();
            int exit;
            if (status != null) exit = status;
            else if (signal != null) exit = 128 + SIGNALS.getOrDefault(signal, 0);
            else {
                throw new InfrastructureException("ssh-connection-lost", "the connection to " + settings.display()
                        + " was lost after " + took.toMillis() + " ms while running: " + shown
                        + (err.text().isBlank() ? "" : "; stderr so far: " + tail(err.text())));
            }
            CommandResult r = new CommandResult(exit, out.text(), err.text(), took, false);
            transcript.note(name() + ": exit " + exit + (signal != null ? " (SIG" + signal + ")" : "") + " after "
                    + took.toMillis() + " ms");
            noteOutput(r);
            if (sudo && exit != 0) checkSudo(r);
            return r;
        } finally {
            channel.close(false);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    private ChannelExec openExec(ClientSession session, String line, BoundedOutput out, PidMarkerFilter err) throws IOException {
        ChannelExec channel = session.createExecChannel(line);
        channel.setIn(new ByteArrayInputStream(new byte[0])); // the command reads EOF, never hangs on stdin
        channel.setOut(out);
        channel.setErr(err);
        try {
            channel.open().verify(link.connectTimeout());
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
        return channel;
    }

    private void killRemote(ClientSession session, long pid, boolean sudo, Command command) {
        if (pid <= 0) {
            LOG.warn("{}: the command passed its deadline before reporting its pid; closing its channel only", name());
            return;
        }
        String kill = RemoteCommandLine.kill(pid, sudo);
        try (ChannelExec k = session.createExecChannel(kill)) {
            k.setIn(new ByteArrayInputStream(new byte[0]));
            BoundedOutput ignored = new BoundedOutput(4096);
            k.setOut(ignored);
            k.setErr(ignored);
            k.open().verify(link.connectTimeout());
            k.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_GRACE.toMillis());
            LOG.info("{}: killed remote process group {} at the deadline of {} ms", name(), pid, command.timeout().toMillis());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not kill remote process {} at its deadline: {}", name(), pid, SshConnection.describe(e));
        }
    }

    private void checkSudo(CommandResult r) {
        String e = r.stderr().toLowerCase();
        String user = settings.target().user();
        if (e.contains("sudo:") && (e.contains("password is required") || e.contains("a terminal is required")
                || e.contains("no tty present") || e.contains("askpass"))) {
            throw new InfrastructureException("sudo-needs-password", "sudo on " + settings.display()
                    + " wants a password for user " + user + ", and Qualify never types one (it runs sudo -n). "
                    + "Allow the user to run commands without a password: add NOPASSWD for user " + user
                    + ", e.g. with visudo -f /etc/sudoers.d/qualify the line '" + user + " ALL=(ALL) NOPASSWD: ALL' "
                    + "(or only the commands the suite needs); or set sudo: false. sudo said: " + tail(r.stderr().strip()));
        }
        if (r.exitCode() == 127 && e.contains("sudo") && e.contains("not found")) {
            throw new InfrastructureException("sudo-missing", "sudo: true is set, but " + settings.display()
                    + " has no sudo command; install sudo on the device or set sudo: false (and log in as a user with the "
                    + "rights the suite needs)");
        }
    }

    private void noteOutput(CommandResult r) {
        if (!r.stdout().isEmpty()) transcript.note("stdout:\n" + r.stdout());
        if (!r.stderr().isEmpty()) transcript.note("stderr:\n" + r.stderr());
    }

    private static String tail(String s) {
        return s.length() <= 500 ? s : "..." + s.substring(s.length() - 500);
    }

    private static void closeQuietly(PidMarkerFilter f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // in-memory
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        transfer("upload " + local + " to " + remotePath, t -> t.upload(local, remotePath));
    }

    @Override
    public void download(String remotePath, Path local) {
        transfer("download " + remotePath + " to " + local, t -> t.download(remotePath, local));
    }

    /** One transfer step that may fail with an I/O error. */
    private interface TransferStep {
        void apply(FileTransfer t) throws IOException;
    }

    private void transfer(String what, TransferStep step) {
        transcript.note(name() + ": " + what);
        ClientSession session = link.session();
        try {
            if (session != sessionWithoutSftp) {
                SftpClient sftp = openSftp(session);
                if (sftp != null) {
                    try (sftp) {
                        step.apply(new SftpTransfer(sftp));
                    }
                    return;
                }
            }
            step.apply(new ScpTransfer(ScpClientCreator.instance().createScpClient(session), this::remoteMkdirs));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InfrastructureException ie) throw ie;
            String type = session.isOpen() && !session.isClosing() ? "ssh-transfer-failed" : "ssh-connection-lost";
            throw new InfrastructureException(type, "cannot " + what + " on " + settings.display() + ": "
                    + SshConnection.describe(e), e);
        }
    }

    /** An SFTP client, or null when the device has no SFTP subsystem (remembered for this connection). */
    private SftpClient openSftp(ClientSession session) throws IOException {
        try {
            return SftpClientFactory.instance().createSftpClient(session);
        } catch (IOException | RuntimeException e) {
            if (!session.isOpen() || session.isClosing()) throw e;
            sessionWithoutSftp = session;
            LOG.info("{} offers no SFTP subsystem ({}); using SCP", name(), SshConnection.describe(e));
            transcript.note(name() + ": no SFTP subsystem; using SCP");
            return null;
        }
    }

    private void remoteMkdirs(List<String> dirs) {
        List<String> argv = new ArrayList<>(List.of("mkdir", "-p", "--"));
        argv.addAll(dirs);
        CommandResult r = execute(new Command(argv, MKDIR_TIMEOUT, Map.of(), null, false), false);
        if (!r.succeeded()) {
            throw new InfrastructureException("ssh-transfer-failed", "cannot create " + dirs + " on " + settings.display()
                    + ": " + (r.timedOut() ? "timed out" : "exit " + r.exitCode() + ": " + tail(r.stderr().strip())));
        }
    }

    /** Closes the connection; idempotent. */
    @Override
    public void close() {
        link.close();
    }
}
