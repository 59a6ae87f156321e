package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.fault.BadServerCertificate;

import java.util.List;

/** {@code TLS_Large_Size_Server_Cert}: the handshake completes with a server certificate padded to about 8 KiB. */
public final class LargeServerCertificateCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.TLS_LARGE_SERVER_CERT;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> served = e.connections().stream()
                .filter(c -> c.servedCertificate().equals(BadServerCertificate.OVERSIZED.name()))
                .filter(c -> c.handshake() != DeviceConnection.Handshake.UNKNOWN).toList();
        List<String> lines = Evidence.handshakes(served);
        if (served.isEmpty()) {
            return Verdict.notExercised(advisorCase(), "the device made no TLS connection while the large certificate was served",
                    lines, List.of());
        }
        if (served.stream().anyMatch(c -> c.handshake() == DeviceConnection.Handshake.COMPLETED)) {
            return Verdict.pass(advisorCase(), "the handshake with the large server certificate completed", lines, List.of());
        }
        return Verdict.fail(advisorCase(), "the handshake to complete with the large server certificate",
                "the device broke off every handshake (" + served.get(0).handshakeFailure().orElse("closed") + ")",
                lines, List.of());
    }
}
