package dev.qualify.cloud.cli;

import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.support.Durations;
import dev.qualify.cloud.aws.AwsIotCleaner;
import dev.qualify.cloud.aws.AwsIotConnection;
import dev.qualify.cloud.aws.AwsIotSettings;
import dev.qualify.cloud.aws.CloudResource;
import dev.qualify.cloud.aws.ResourceLedger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code qualify cloud cleanup}: deletes the AWS IoT resources a run created that are still there, from the run's
 * resource ledger ({@code --run}), or every prefixed thing older than a duration with its certificates and policies.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Deletes the AWS IoT things, certificates, policies and role aliases a run (cloud type aws-iot) created and left behind,",
                "e.g. after kill -9: --run RUN_DIR reads the run's record of what it created; --older-than 1d --prefix qualify-",
                "finds prefixed things by their creation time (give the account with --region and --credentials).",
                "Lists what it deleted and what it could not delete."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing is left", "1:something could not be deleted (listed)", "2:usage error or no record in the run dir",
                "3:the account cannot be reached (credentials, endpoint, CA)"})
public final class CleanupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--run", paramLabel = "RUN_DIR", description = "the run's directory (its cloud-*/" + ResourceLedger.FILE + " records what it created)")
        Path run;

        @Option(names = "--older-than", paramLabel = "AGE", description = "things created more than AGE ago (e.g. 1d, 12h, 30m)")
        String olderThan;
    }

    @Option(names = "--prefix", defaultValue = "qualify-", description = "with --older-than: names start with this (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--region", description = "with --older-than: the AWS region")
    String region;

    @Option(names = "--credentials", description = "with --older-than: profile or environment")
    String credentials;

    @Option(names = "--profile", description = "with --credentials profile: the profile name (default: default)")
    String profile;

    @Option(names = "--credentials-file", description = "with --credentials profile: the credentials file")
    Path credentialsFile;

    @Option(names = "--endpoint", description = "the IoT control-plane URL instead of the region's")
    String endpoint;

    @Option(names = "--ca", description = "the CA (PEM) the endpoint's certificate chains to")
    Path ca;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (mode.run != null) return fromRun(mode.run, out, err);
            return olderThan(out, err);
        } catch (CloudException e) {
            err.println("qualify cloud cleanup: " + e.getMessage());
            return 3;
        } catch (UsageError e) {
            err.println("qualify cloud cleanup: " + e.getMessage());
            return 2;
        }
    }

    private int fromRun(Path run, PrintWriter out, PrintWriter err) {
        if (Files.isDirectory(run)) {
            try {
                run = run.toRealPath(); // results/latest is a link; the walk does not follow links
            } catch (IOException e) {
                throw new UsageError("cannot read " + run + ": " + e.getMessage());
            }
        }
        List<Path> ledgers;
        try (Stream<Path> s = Files.exists(run) ? Files.find(run, 3, (p, a) -> p.getFileName().toString().equals(ResourceLedger.FILE)) : Stream.empty()) {
            ledgers = s.sorted().toList();
        } catch (IOException e) {
            throw new UsageError("cannot read " + run + ": " + e.getMessage());
        }
        if (ledgers.isEmpty()) throw new UsageError(run + " holds no " + ResourceLedger.FILE + ": not a run with cloud type aws-iot (or nothing was created)");
        int exit = 0;
        for (Path f : ledgers) {
            ResourceLedger.Contents c;
            try {
                c = ResourceLedger.read(f);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageError("cannot read " + f + ": " + e.getMessage());
            }
            Map<String, Object> settings = new LinkedHashMap<>(c.settings());
            if (endpoint != null) settings.put("endpoint", endpoint);
            if (ca != null) settings.put("ca", ca.toString());
            out.println(f + ": " + c.outstanding().size() + " resource(s) recorded as created and not deleted");
            exit = Math.max(exit, clean(settings(settings), conn -> c.outstanding(), out));
        }
        return exit;
    }

    private int olderThan(PrintWriter out, PrintWriter err) {
        Duration age = age(mode.olderThan);
        if (region == null || credentials == null) throw new UsageError("--older-than needs --region and --credentials (profile or environment)");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("region", region);
        settings.put("credentials", credentials);
        if (profile != null) settings.put("profile", profile);
        if (credentialsFile != null) settings.put("credentialsFile", credentialsFile.toString());
        if (endpoint != null) settings.put("endpoint", endpoint);
        if (ca != null) settings.put("ca", ca.toString());
        settings.put("prefix", prefix);
        Instant cutoff = Instant.now().minus(age);
        return clean(settings(settings), conn -> {
            List<CloudResource> found = new AwsIotCleaner(conn.iot()).findOlder(prefix, cutoff);
            out.println(found.size() + " resource(s) found: things named " + prefix + "* created before " + cutoff
                    + " (" + mode.olderThan + " ago), their certificates and the " + prefix + "* policies attached to those");
            return found;
        }, out);
    }

    /** The account's settings; one that is wrong (a region typo, an unreadable file) is a usage error. */
    private static AwsIotSettings settings(Map<String, Object> settings) {
        try {
            return AwsIotSettings.from(settings);
        } catch (CloudException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static int clean(AwsIotSettings settings, java.util.function.Function<AwsIotConnection, List<CloudResource>> what, PrintWriter out) {
        try (AwsIotConnection conn = AwsIotConnection.open(settings)) {
            List<CloudResource> todo = what.apply(conn);
            AwsIotCleaner.Report r = new AwsIotCleaner(conn.iot()).delete(todo, d -> { });
            r.deleted().forEach(d -> out.println("  deleted        " + d));
            r.alreadyGone().forEach(d -> out.println("  already gone   " + d));
            r.failed().forEach((d, why) -> out.println("  NOT DELETED    " + d + ": " + why));
            out.println(r.clean() ? "Nothing is left." : r.failed().size() + " resource(s) could not be deleted.");
            out.flush();
            return r.clean() ? 0 : 1;
        }
    }

    private static Duration age(String text) {
        String t = text.trim();
        if (t.matches("\\d+d")) return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
        return Durations.parse(t).orElseThrow(() -> new UsageError("--older-than " + text + " is not a duration (e.g. 1d, 12h, 30m)"));
    }

    private static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
