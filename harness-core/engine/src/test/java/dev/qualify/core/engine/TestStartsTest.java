package dev.qualify.core.engine;

import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The live view's "current test": each test that starts on the JUnit Platform, named as its result will be. */
class TestStartsTest {
    static class Cases {
        @Test
        void plainMethod() {
        }

        @Test
        @DisplayName("Full_PKCS11_NoObject.PKCS11_Digest")
        void unityCase() {
        }

        @Test
        @Disabled("never starts")
        void disabled() {
        }
    }

    @Test
    void eachStartedTestIsToldWithItsDeviceGroupAndResultName() {
        List<String> started = new CopyOnWriteArrayList<>();
        ProgressListener progress = new ProgressListener() {
            @Override public void runStarted(RunStarted run) { }
            @Override public void groupStarted(GroupStarted group) { }
            @Override public void testStarted(String device, String group, String test) { started.add(device + "/" + group + "/" + test); }
            @Override public void testFinished(TestFinished test) { }
            @Override public void groupFinished(GroupFinished group) { }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Cases.class)).build(),
                new TestStarts(progress, "board-1", "FullPKCS11_Core"));
        assertThat(started).as("containers and the disabled test are not tests that start")
                .containsExactlyInAnyOrder("board-1/FullPKCS11_Core/plainMethod", "board-1/FullPKCS11_Core/PKCS11_Digest");
    }
}
