package dev.qualify.cloud.fault;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSpecTest {
    private static Map<String, String> armedBy(String... words) {
        ClientFaults f = new ClientFaults();
        FaultSpec.parse(List.of(words)).applyTo(f);
        return f.armed();
    }

    @Test
    void eachFaultArmsWhatItNames() {
        assertThat(armedBy("withhold-connack", "5")).containsExactly(Map.entry("withhold-connack", "5"));
        assertThat(armedBy("drop-after-connack")).containsExactly(Map.entry("drop-after-connack", "1"));
        assertThat(armedBy("withhold-puback", "always")).containsExactly(Map.entry("withhold-puback", "always"));
        assertThat(armedBy("withhold-suback", "2")).containsExactly(Map.entry("withhold-suback", "2"));
        assertThat(armedBy("withhold-pingresp")).containsExactly(Map.entry("withhold-pingresp", "1"));
        assertThat(armedBy("refuse-connect", "5", "3")).containsExactly(Map.entry("refuse-connect", "3 code=5"));
        assertThat(armedBy("latency", "200ms")).containsExactly(Map.entry("latency", "200ms"));
        assertThat(armedBy("latency", "2s")).containsExactly(Map.entry("latency", "2000ms"));
        assertThat(armedBy("loss", "5%")).containsExactly(Map.entry("loss", "5%"));
        assertThat(armedBy("loss", "0.5%")).containsExactly(Map.entry("loss", "0.5%"));
        assertThat(armedBy("latency", "0")).isEmpty();
    }

    @Test
    void latencyAndLossTogetherAndClearDisarmsBoth() {
        ClientFaults f = new ClientFaults();
        FaultSpec.parse(List.of("latency", "100ms")).applyTo(f);
        FaultSpec.parse(List.of("loss", "10%")).applyTo(f);
        assertThat(f.network()).isEqualTo(new dev.qualify.cloud.broker.NetworkFault(100, 0.1));
        FaultSpec.parse(List.of("clear")).applyTo(f);
        assertThat(f.network()).isNull();
        assertThat(f.armed()).isEmpty();
    }

    @Test
    void badWordsSayWhatIsExpected() {
        assertThatThrownBy(() -> FaultSpec.parse(List.of("latency", "fast"))).hasMessageContaining("not a duration such as 200ms");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("loss", "5"))).hasMessageContaining("not a percentage such as 5%");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("loss", "101%"))).hasMessageContaining("more than 100%");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("withhold-connack", "0"))).hasMessageContaining("N must be 1 or more");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("withhold-connack", "1", "2"))).hasMessageContaining("takes [N|always]");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("refuse-connect"))).hasMessageContaining("needs a CONNACK code");
        assertThatThrownBy(() -> FaultSpec.parse(List.of("jitter", "5ms"))).hasMessageContaining("unknown fault 'jitter'")
                .hasMessageContaining("latency");
    }

    @Test
    void theInjectorAppliesNetworkFaultsPerClientWithTheWildcardForTheRest() {
        FaultInjector inj = new FaultInjector();
        assertThat(inj.networkFault("a")).isNull();
        inj.forClient("a").latency(java.time.Duration.ofMillis(50));
        inj.forClient(FaultInjector.ANY_CLIENT).loss(1.0);
        assertThat(inj.networkFault("a").latencyMillis()).isEqualTo(50);
        assertThat(inj.networkFault("b").lossRate()).isEqualTo(1.0);
        assertThat(inj.armed()).containsOnlyKeys("*", "a");
        assertThat(inj.remove("a")).isTrue();
        assertThat(inj.networkFault("a").lossRate()).isEqualTo(1.0);
    }
}
