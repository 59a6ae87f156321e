package dev.qualify.cloud.broker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionIndexTest {
    private static List<String> match(SubscriptionIndex idx, String topic) {
        List<String> out = new ArrayList<>();
        idx.match(topic, (s, sub) -> out.add(s.clientId() + ":" + sub.filter()));
        return out;
    }

    @Test
    void matchesExactPlusAndHashAndPrunesOnRemove() {
        SubscriptionIndex idx = new SubscriptionIndex();
        Session a = new Session(null, "a");
        Session b = new Session(null, "b");
        idx.add(a, new Subscription("x/y", 1, false, false, 0));
        idx.add(a, new Subscription("x/#", 0, false, false, 0));
        idx.add(b, new Subscription("+/y", 2, false, false, 0));
        assertThat(match(idx, "x/y")).containsExactlyInAnyOrder("a:x/y", "a:x/#", "b:+/y");
        assertThat(match(idx, "x")).containsExactly("a:x/#");
        assertThat(match(idx, "$x/y")).isEmpty();
        idx.remove(a, "x/#");
        idx.remove(b, "+/y");
        assertThat(match(idx, "x/y")).containsExactly("a:x/y");
        idx.remove(a, "x/y");
        assertThat(match(idx, "x/y")).isEmpty();
    }
}
