package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.CipherSuites;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.TlsClientHello;

import java.util.List;

/**
 * {@code TLS_Support_AWS_IoT_Cipher_Suites}: every ClientHello offers at least one recommended suite (FAIL
 * otherwise); suites AWS IoT Core does not accept are warnings.
 */
public final class CipherSuitesCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.TLS_CIPHER_SUITES;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<TlsClientHello> hellos = e.connections().stream().map(DeviceConnection::hello).flatMap(java.util.Optional::stream)
                .toList();
        if (hellos.isEmpty()) return Verdict.notExercised(advisorCase(), "no ClientHello was recorded", List.of(), List.of());
        List<String> lines = hellos.stream().map(CipherSuitesCheck::describe).toList();
        for (TlsClientHello h : hellos) {
            if (h.cipherSuites().stream().noneMatch(CipherSuites::recommended)) {
                return Verdict.fail(advisorCase(), "at least one recommended suite (ECDHE with AES-GCM, or TLS 1.3)",
                        "the ClientHello of connection " + h.connectionId() + " offers none: " + names(h.cipherSuites()),
                        lines, List.of());
            }
        }
        List<Integer> unsupported = hellos.stream().flatMap(h -> h.cipherSuites().stream())
                .filter(c -> !CipherSuites.supported(c) && !CipherSuites.signalling(c)).distinct().toList();
        String offered = "offers " + hellos.get(0).cipherSuites().stream().filter(CipherSuites::recommended).count()
                + " recommended suites over " + hellos.get(0).offeredVersions();
        if (!unsupported.isEmpty()) {
            return Verdict.warn(advisorCase(), offered, List.of("also offers suites AWS IoT Core does not accept: "
                    + names(unsupported)), lines, List.of());
        }
        return Verdict.pass(advisorCase(), offered + ", none that AWS IoT Core does not accept", lines, List.of());
    }

    private static String describe(TlsClientHello h) {
        return "ClientHello on " + h.connectionId() + ": versions " + h.offeredVersions() + ", suites "
                + names(h.cipherSuites()) + (h.serverName() == null ? "" : ", SNI " + h.serverName());
    }

    private static String names(List<Integer> codes) {
        return codes.stream().filter(c -> !CipherSuites.signalling(c)).map(CipherSuites::name).toList().toString();
    }
}
