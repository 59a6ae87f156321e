package dev.qualify.cloud.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of a shared subscription's filter ([MQTT-4.8.2-1], [MQTT-4.8.2-2]). */
class SharedSubscriptionsTest {

    @Test
    void theFilterOfASharedSubscriptionIsWhatFollowsItsShareName() {
        assertThat(SharedSubscriptions.innerFilter("$share/g/dev1/#")).isEqualTo("dev1/#");
        assertThat(SharedSubscriptions.innerFilter("$share/workers/a/b/c")).isEqualTo("a/b/c");
        assertThat(SharedSubscriptions.innerFilter("$share/g//x")).isEqualTo("/x");
    }

    @Test
    void anEmptyOrWildcardShareNameOrAMissingFilterIsInvalid() {
        assertThat(SharedSubscriptions.innerFilter("$share//dev1/x")).isNull();
        assertThat(SharedSubscriptions.innerFilter("$share/g")).isNull();
        assertThat(SharedSubscriptions.innerFilter("$share/g/")).isNull();
        assertThat(SharedSubscriptions.innerFilter("$share/g+/x")).isNull();
        assertThat(SharedSubscriptions.innerFilter("$share/#/x")).isNull();
    }

    @Test
    void onlyTheSharePrefixMakesASubscriptionShared() {
        assertThat(SharedSubscriptions.isShared("$share/g/x")).isTrue();
        assertThat(SharedSubscriptions.isShared("$shared/g/x")).isFalse();
        assertThat(SharedSubscriptions.isShared("$aws/things/x/shadow/get")).isFalse();
        assertThat(new Subscription("$share/g/x", 1, false, false, 0).isShared()).isTrue();
    }
}
