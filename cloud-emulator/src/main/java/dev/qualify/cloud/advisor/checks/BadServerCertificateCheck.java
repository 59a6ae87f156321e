package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.fault.BadServerCertificate;

import java.util.List;

/**
 * The cases that serve a certificate the device must refuse ({@code TLS_Unsecure_Server_Cert},
 * {@code TLS_Incorrect_Subject_Name_Server_Cert}, the expired one): every handshake with it ends with the device
 * sending an alert or closing the connection, and no handshake with it completes.
 */
public final class BadServerCertificateCheck implements AdvisorCheck {
    private final AdvisorCase advisorCase;
    private final BadServerCertificate kind;
    private final String what;

    public BadServerCertificateCheck(AdvisorCase advisorCase, BadServerCertificate kind, String what) {
        this.advisorCase = advisorCase;
        this.kind = kind;
        this.what = what;
    }

    @Override
    public AdvisorCase advisorCase() {
        return advisorCase;
    }

    /** The certificate this case serves. */
    public BadServerCertificate kind() {
        return kind;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> served = e.connections().stream().filter(c -> c.servedCertificate().equals(kind.name()))
                .filter(c -> c.handshake() != DeviceConnection.Handshake.UNKNOWN).toList();
        List<String> lines = Evidence.handshakes(served);
        if (served.isEmpty()) {
            return Verdict.notExercised(advisorCase, "no TLS handshake with " + what + " ended yet",
                    lines, List.of());
        }
        for (DeviceConnection c : served) {
            if (c.handshake() == DeviceConnection.Handshake.COMPLETED) {
                return Verdict.fail(advisorCase, "the device to close the connection",
                        "the device completed the TLS handshake with " + what + " on connection " + c.id()
                                + (c.connectSent() ? " and sent CONNECT" : ""), lines, c.packets());
            }
        }
        DeviceConnection last = served.get(served.size() - 1);
        return Verdict.pass(advisorCase, "the device refused " + what + " (" + last.handshake() + ": "
                + last.handshakeFailure().orElse("closed") + ")", lines, List.of());
    }
}
