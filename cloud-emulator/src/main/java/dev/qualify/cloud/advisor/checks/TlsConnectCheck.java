package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorEndpoint;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;

import java.util.List;

/** {@code TLS_Connect}: a TLS handshake with the good server certificate completes. MQTT is not judged. */
public final class TlsConnectCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.TLS_CONNECT;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> good = e.connections().stream()
                .filter(c -> c.servedCertificate().equals(AdvisorEndpoint.GOOD)).toList();
        List<String> lines = Evidence.handshakes(good);
        if (good.stream().anyMatch(c -> c.handshake() == DeviceConnection.Handshake.COMPLETED)) {
            return Verdict.pass(advisorCase(), "the TLS handshake completed", lines, List.of());
        }
        if (good.isEmpty()) return Verdict.notExercised(advisorCase(), "the device opened no connection", lines, List.of());
        return Verdict.fail(advisorCase(), "a completed TLS handshake",
                "no handshake completed (" + good.get(good.size() - 1).handshakeFailure().orElse("no TLS outcome recorded")
                        + ")", lines, List.of());
    }
}
