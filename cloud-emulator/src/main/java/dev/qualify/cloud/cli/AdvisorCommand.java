package dev.qualify.cloud.cli;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.AdvisorStatus;
import dev.qualify.cloud.advisor.DeviceAdvisor;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.advisor.VerdictReport;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.PacketFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** {@code qualify cloud advisor ...}: Device Advisor's cases over what a cloud started with {@code --advisor} recorded. */
@Command(name = "advisor", mixinStandardHelpOptions = true, description = "Judges recorded clients as Device Advisor would.",
        subcommands = {AdvisorCommand.Report.class})
public final class AdvisorCommand extends GroupCommand {

    /**
     * {@code qualify cloud advisor report CLIENT_ID --data-dir D [--thing T] [--case ID]...}: each case's verdict over
     * the client's recorded packets. Exit 0 when no case FAILED, 1 when one did, 2 when there is nothing to judge.
     */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Tells which Device Advisor cases what CLIENT_ID did would pass, from the recording of a cloud started",
                    "with qualify cloud start --advisor. A case whose set-up (a withheld CONNACK, a bad server certificate, ...)",
                    "is not in the recording is NOT_EXERCISED, never passed: script it with qualify cloud fault. TLS cases need",
                    "the ClientHellos only a FullCloudIoT run records, so here they come out NOT_EXERCISED.",
                    "Exit 0 when no case failed, 1 when one did, 2 when there is no recording of the client."})
    public static final class Report extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "the device's MQTT client id")
        String clientId;

        @Option(names = "--thing", description = "the device's thing, for the shadow and jobs cases (default: CLIENT_ID)")
        String thing;

        @Option(names = "--case", paramLabel = "ID", split = ",", description = "only these cases (Device Advisor test ids)")
        List<String> caseIds;

        @Override
        public Integer call() {
            PrintWriter out = out();
            PrintWriter err = err();
            List<AdvisorCase> cases = new ArrayList<>();
            if (caseIds == null) {
                cases.addAll(Arrays.asList(AdvisorCase.values()));
            } else {
                for (String id : caseIds) {
                    AdvisorCase c = AdvisorCase.byId(id).orElse(null);
                    if (c == null) {
                        err.println("qualify cloud advisor report: --case " + id + ": no such case; the cases are "
                                + String.join(", ", Arrays.stream(AdvisorCase.values()).map(AdvisorCase::id).toList()));
                        return 2;
                    }
                    cases.add(c);
                }
            }
            Path file = PacketFile.of(dataDir());
            if (!Files.exists(file)) {
                err.println("qualify cloud advisor report: no recording at " + file
                        + "; start the cloud with qualify cloud start --data-dir " + dataDir() + " --advisor, then connect the device");
                return 2;
            }
            PacketFile.Contents recorded;
            try {
                recorded = PacketFile.read(dataDir());
            } catch (UncheckedIOException | IllegalArgumentException e) {
                err.println("qualify cloud advisor report: " + e.getMessage());
                return 2;
            }
            if (recorded.packets(clientId).isEmpty()) {
                TreeSet<String> seen = new TreeSet<>();
                recorded.packets().stream().map(CapturedPacket::clientId).filter(Objects::nonNull).forEach(seen::add);
                err.println("qualify cloud advisor report: " + clientId + " is not in the recording " + file
                        + (seen.isEmpty() ? " (no client is)" : "; the clients in it: " + String.join(", ", seen)));
                return 2;
            }
            List<Verdict> verdicts = DeviceAdvisor.judge(clientId, null, recorded.packets(), recorded.events(), List.of(),
                    AdvisorSettings.defaults(thing == null ? clientId : thing), cases);
            Map<AdvisorStatus, Integer> counts = new EnumMap<>(AdvisorStatus.class);
            for (Verdict v : verdicts) {
                VerdictReport.lines(v).forEach(out::println);
                counts.merge(v.status(), 1, Integer::sum);
            }
            List<String> summary = new ArrayList<>();
            for (AdvisorStatus s : AdvisorStatus.values()) {
                if (counts.containsKey(s)) summary.add(counts.get(s) + " " + s);
            }
            out.println(clientId + ": " + String.join(", ", summary) + " of " + verdicts.size() + " cases");
            out.flush();
            return counts.containsKey(AdvisorStatus.FAIL) ? 1 : 0;
        }
    }
}
