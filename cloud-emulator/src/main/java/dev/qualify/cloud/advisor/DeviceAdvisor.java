package dev.qualify.cloud.advisor;

import dev.qualify.cloud.advisor.checks.BackoffCheck;
import dev.qualify.cloud.advisor.checks.BadServerCertificateCheck;
import dev.qualify.cloud.advisor.checks.CipherSuitesCheck;
import dev.qualify.cloud.advisor.checks.ClientPubackCheck;
import dev.qualify.cloud.advisor.checks.DevicePoliciesCheck;
import dev.qualify.cloud.advisor.checks.FragmentsCheck;
import dev.qualify.cloud.advisor.checks.JobExecutionCheck;
import dev.qualify.cloud.advisor.checks.LargeServerCertificateCheck;
import dev.qualify.cloud.advisor.checks.MqttConnectCheck;
import dev.qualify.cloud.advisor.checks.NoPingRespCheck;
import dev.qualify.cloud.advisor.checks.PersistentSessionCheck;
import dev.qualify.cloud.advisor.checks.PublishCheck;
import dev.qualify.cloud.advisor.checks.RetryCheck;
import dev.qualify.cloud.advisor.checks.ShadowCheck;
import dev.qualify.cloud.advisor.checks.SubscribeCheck;
import dev.qualify.cloud.advisor.checks.TlsConnectCheck;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.TlsClientHello;
import dev.qualify.cloud.fault.BadServerCertificate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Device Advisor rule engine: judges what a device did on the wire, case by case. It is a pure function of a
 * recording (packets, connection events and ClientHellos, e.g. from {@link dev.qualify.cloud.capture.PacketLog} or a
 * recorded packet file): nothing is read from a live broker, so a CLI can judge a file written earlier.
 *
 * <p>Each case is judged by one {@link AdvisorCheck}. A case whose setup (a withheld acknowledgement, a bad server
 * certificate, a refused CONNECT) is not in the recording comes out {@link AdvisorStatus#NOT_EXERCISED}: that is
 * not a pass. Give the recording of one case's time window to judge that case alone (as the FullCloudIoT group
 * does), or a whole recording to see which cases it already shows.
 */
public final class DeviceAdvisor {
    private static final Map<AdvisorCase, AdvisorCheck> CHECKS = new EnumMap<>(AdvisorCase.class);

    static {
        for (AdvisorCheck c : List.of(new TlsConnectCheck(), new CipherSuitesCheck(),
                new BadServerCertificateCheck(AdvisorCase.TLS_UNSECURE_SERVER_CERT, BadServerCertificate.UNTRUSTED_CA,
                        "a server certificate from an untrusted CA"),
                new BadServerCertificateCheck(AdvisorCase.TLS_INCORRECT_SUBJECT_NAME, BadServerCertificate.WRONG_NAME,
                        "a server certificate for another name"),
                new BadServerCertificateCheck(AdvisorCase.TLS_EXPIRED_SERVER_CERT, BadServerCertificate.EXPIRED,
                        "an expired server certificate"),
                new LargeServerCertificateCheck(), new FragmentsCheck(), new MqttConnectCheck(), BackoffCheck.connectJitter(),
                BackoffCheck.connectExponential(), BackoffCheck.serverDisconnect(), BackoffCheck.unstableConnection(),
                new PublishCheck(), RetryCheck.publish(), new SubscribeCheck(), RetryCheck.subscribe(), new ClientPubackCheck(),
                new NoPingRespCheck(), PersistentSessionCheck.resumed(), PersistentSessionCheck.expiredSession(),
                ShadowCheck.publishReported(), ShadowCheck.updateReported(), new JobExecutionCheck(), new DevicePoliciesCheck())) {
            CHECKS.put(c.advisorCase(), c);
        }
    }

    private DeviceAdvisor() {
    }

    /**
     * Judges cases over a recording.
     *
     * @param clientId the device's MQTT client id; its connections are picked out of the recording
     * @param listener the device's Device Advisor listener name (its handshakes without packets count), or null
     * @param packets  captured packets, any clients, in capture order
     * @param events   connection events, in capture order
     * @param hellos   recorded ClientHellos (empty when the listener does not record them)
     * @param settings the cases' settings (trigger topic, thing name, retries)
     * @param cases    the cases to judge
     * @return one verdict per case, in the order of {@code cases}
     */
    public static List<Verdict> judge(String clientId, String listener, List<CapturedPacket> packets,
                                      List<ConnectionEvent> events, List<TlsClientHello> hellos, AdvisorSettings settings,
                                      Collection<AdvisorCase> cases) {
        Evidence evidence = Evidence.of(clientId, listener, packets, events, hellos);
        List<Verdict> out = new ArrayList<>();
        for (AdvisorCase c : cases) out.add(judge(c, evidence, settings));
        return out;
    }

    /** Judges one case over a device's evidence. */
    public static Verdict judge(AdvisorCase advisorCase, Evidence evidence, AdvisorSettings settings) {
        return CHECKS.get(advisorCase).judge(evidence, settings);
    }

    /** The check of a case. */
    public static AdvisorCheck check(AdvisorCase advisorCase) {
        return CHECKS.get(advisorCase);
    }
}
