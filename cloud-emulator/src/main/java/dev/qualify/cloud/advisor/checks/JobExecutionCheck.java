package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code Job_Execution}: after a job was queued for the thing, the device reports it {@code SUCCEEDED} on
 * {@code $aws/things/<thing>/jobs/<jobId>/update}.
 */
public final class JobExecutionCheck implements AdvisorCheck {
    private static final Pattern SUCCEEDED = Pattern.compile("\"status\"\\s*:\\s*\"SUCCEEDED\"");

    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.JOB_EXECUTION;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        String prefix = "$aws/things/" + s.thingName() + "/jobs/";
        List<CapturedPacket> jobs = e.packets().stream().filter(p -> p.type() == PacketType.PUBLISH && p.topic() != null
                && p.topic().startsWith(prefix)).toList();
        if (jobs.isEmpty()) return Verdict.notExercised(advisorCase(), "no jobs traffic was recorded", List.of(), List.of());
        for (CapturedPacket p : jobs) {
            if (p.direction() == Direction.IN && p.topic().endsWith("/update") && SUCCEEDED.matcher(p.payloadAsString()).find()) {
                return Verdict.pass(advisorCase(), "the device reported " + p.topic() + " SUCCEEDED", List.of(), jobs);
            }
        }
        return Verdict.fail(advisorCase(), "a job execution update with status SUCCEEDED",
                "the device never reported the job SUCCEEDED", List.of(), jobs);
    }
}
