package dev.qualify.core.engine;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private static final GroupAttempt ERRORED = new GroupAttempt(3, Set.of("port-gone"));

    @Test
    void aGroupWithErrorsRunsAgainUntilItsRetriesAreUsedUp() {
        RetryPolicy two = new RetryPolicy(2);
        assertThat(two.runAgain(1, ERRORED)).isTrue();
        assertThat(two.runAgain(2, ERRORED)).isTrue();
        assertThat(two.runAgain(3, ERRORED)).as("the third run was the last").isFalse();
        assertThat(two.maxAttempts()).isEqualTo(3);
    }

    @Test
    void aGroupWithoutErrorsIsNotRunAgainWhateverItsVerdicts() {
        // FAILED verdicts are not errors: a group whose run had only passes and failures has 0 errors
        assertThat(new RetryPolicy(5).runAgain(1, new GroupAttempt(0, Set.of()))).isFalse();
        assertThat(new RetryPolicy(5).runAgain(1, GroupAttempt.CLEAN)).isFalse();
    }

    @Test
    void withoutRetriesNothingRunsAgain() {
        assertThat(RetryPolicy.NONE.runAgain(1, ERRORED)).isFalse();
        assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
    }

    @Test
    void aNegativeRetryCountIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
