package dev.qualify.testkit;

import dev.qualify.api.device.Console;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.testkit.RecordingPower.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's preparation path (issue 7): a group whose build, flash or handshake fails gets an ERROR of that
 * step's type for every case it declares, the device is powered off after it, and the next group on the same
 * device starts from a clean state and passes. Groups needing the same image share one build and one flash.
 */
class PreparationPathTest {
    @TempDir
    Path dir;

    /** The image of the {@link ImageGroup}s: identity {@code echo-v1}. */
    public static final class EchoImage implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return new FirmwareImage("echo-v1", "echo.bin", d -> {
                Files.writeString(d.resolve("main.c"), "int main(void) { return 0; }\n");
                return d;
            });
        }
    }

    /** Another image: identity {@code echo-v2}. */
    public static final class OtherImage implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return new FirmwareImage("echo-v2", "echo.bin", d -> d);
        }
    }

    @QualificationGroup(id = "ImageGroup", title = "needs the echo image", cases = {"Echo.Hello", "Echo.Twice"},
            preparation = EchoImage.class)
    static class ImageGroup {
        @Test
        void hello(Console console) {
            console.sendLine("hello");
            console.expect(Pattern.compile("hello back"), Duration.ofSeconds(5));
        }
    }

    @QualificationGroup(id = "SameImageGroup", title = "needs the same echo image", preparation = EchoImage.class)
    static class SameImageGroup {
        @Test
        void hello(Console console) {
            console.sendLine("hello");
            console.expect(Pattern.compile("hello back"), Duration.ofSeconds(5));
        }
    }

    @QualificationGroup(id = "OtherImageGroup", title = "needs another image", preparation = OtherImage.class)
    static class OtherImageGroup {
        @Test
        void hello(Console console) {
            console.sendLine("hello");
            console.expect(Pattern.compile("hello back"), Duration.ofSeconds(5));
        }
    }

    @QualificationGroup(id = "OverTheAirGroup", title = "serves the device an update over the air",
            preparation = EchoImage.class)
    static class OverTheAirGroup {
        @Test
        void update(Console console, GroupContext group) throws java.io.IOException {
            group.imageServed(Files.writeString(group.workDir().resolve("update.bin"), "echo v2, delivered over the air"));
            console.sendLine("hello");
            console.expect(Pattern.compile("hello back"), Duration.ofSeconds(5));
        }
    }

    /** Prints the ready line, answers the handshake, then echoes one line. */
    private static ScriptedConsole.Script healthyBoot() {
        return ScriptedConsole.script().line("Board booting").line("READY").afterReceiving("start").line("started")
                .afterReceiving("hello").line("hello back");
    }

    private TestDevice.Setup board(RecordingPower power, FakeFlasher flasher, FakeBuilder builder) {
        return TestDevice.builder("mcu-1").console(healthyBoot()).power(power).flasher(flasher).builder(builder)
                .readyPattern("READY").handshake("start", "started").bootTimeout(Duration.ofMillis(600))
                .workDir(dir.resolve("device"));
    }

    private static void assertPoweredOffAndConsolesClosed(TestDevice device, RecordingPower power) {
        assertThat(power.last()).as("power after the failed group").isEqualTo(Action.OFF);
        assertThat(power.isOn()).isFalse();
        assertThat(device.consoles()).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
    }

    @Test
    void aBuildThatFailsIsBuildFailedForEveryCaseAndTheNextGroupStartsClean() {
        RecordingPower power = new RecordingPower();
        FakeFlasher flasher = new FakeFlasher();
        FakeBuilder builder = new FakeBuilder().failNext();
        TestDevice device = board(power, flasher, builder).build();
        GroupTestKit kit = GroupTestKit.group(ImageGroup.class).on(device).runDir(dir.resolve("run"));

        GroupResults failed = kit.run();
        failed.assertAll(Outcome.ERROR, "build-failed");
        assertThat(failed.tests()).extracting(t -> t.name()).containsExactly("Hello", "Twice");
        assertThat(failed.test("Echo.Hello").message()).contains("fake builder");
        assertThat(flasher.count()).as("nothing is flashed when the build failed").isZero();
        assertPoweredOffAndConsolesClosed(device, power);

        GroupResults next = kit.run(OtherImageGroup.class);
        next.assertAll(Outcome.PASSED);
        assertThat(power.calls()).containsExactly(Action.OFF, Action.OFF, Action.ON, Action.OFF);
        assertThat(flasher.flashed()).hasSize(1);
    }

    @Test
    void aFlashThatFailsIsFlashFailedAndTheNextGroupStartsClean() {
        RecordingPower power = new RecordingPower();
        FakeFlasher flasher = new FakeFlasher().failNext();
        FakeBuilder builder = new FakeBuilder();
        TestDevice device = board(power, flasher, builder).build();
        GroupTestKit kit = GroupTestKit.group(ImageGroup.class).on(device);

        GroupResults failed = kit.run();
        failed.assertAll(Outcome.ERROR, "flash-failed");
        assertThat(failed.tests()).hasSize(2);
        assertThat(failed.tests()).allSatisfy(t -> assertThat(t.errorType()).isNotEqualTo("timeout"));
        assertPoweredOffAndConsolesClosed(device, power);
        assertThat(power.calls()).doesNotContain(Action.ON);

        GroupResults next = kit.run(SameImageGroup.class);
        next.assertAll(Outcome.PASSED);
        assertThat(builder.count()).as("the image is built once for both groups").isEqualTo(1);
        assertThat(flasher.count()).as("the failed flash is retried for the next group").isEqualTo(2);
        assertThat(flasher.flashed()).hasSize(1);
    }

    @Test
    void aHandshakeNeverAnsweredIsHandshakeUnansweredAndTheNextGroupStartsClean() {
        RecordingPower power = new RecordingPower();
        FakeFlasher flasher = new FakeFlasher();
        ScriptedConsole.Script mute = ScriptedConsole.script().line("Board booting").line("READY").afterReceiving("start");
        TestDevice device = board(power, flasher, new FakeBuilder()).console(mute, healthyBoot()).build();
        GroupTestKit kit = GroupTestKit.group(ImageGroup.class).on(device);

        GroupResults failed = kit.run();
        failed.assertAll(Outcome.ERROR, "handshake-unanswered");
        assertThat(failed.test("Echo.Twice").message()).contains("an answer to 'start'").contains("READY");
        assertThat(device.consoles().get(0).sentLines()).containsExactly("start");
        assertPoweredOffAndConsolesClosed(device, power);

        GroupResults next = kit.run(SameImageGroup.class);
        next.assertAll(Outcome.PASSED);
        assertThat(flasher.count()).as("a device whose group failed is flashed again").isEqualTo(2);
        assertThat(device.consoles()).hasSize(2);
        assertThat(device.consoles().get(1).sentLines()).containsExactly("start", "hello");
    }

    @Test
    void aReadyLineNeverPrintedIsBootTimeout() {
        RecordingPower power = new RecordingPower();
        TestDevice device = board(power, new FakeFlasher(), new FakeBuilder())
                .console(ScriptedConsole.script().line("Board booting")).build();
        GroupResults r = GroupTestKit.group(ImageGroup.class).on(device).run();
        r.assertAll(Outcome.ERROR, "boot-timeout");
        assertThat(power.last()).isEqualTo(Action.OFF);
    }

    @Test
    void aGroupThatServedAnImageOverTheAirLeavesTheNextGroupToFlashTheImageAgain() {
        RecordingPower power = new RecordingPower();
        FakeFlasher flasher = new FakeFlasher();
        FakeBuilder builder = new FakeBuilder();
        TestDevice device = board(power, flasher, builder).build();

        GroupResults r = GroupTestKit.groups(OverTheAirGroup.class, SameImageGroup.class).on(device).run();
        r.assertAll(Outcome.PASSED);
        assertThat(r.groupLog("OverTheAirGroup")).contains("image served to the device over the air: update.bin");
        assertThat(builder.count()).as("one image, built once").isEqualTo(1);
        assertThat(flasher.count()).as("the update may have replaced the image flashed: flashed again").isEqualTo(2);
        assertThat(r.groupLog("SameImageGroup")).doesNotContain("already on the device");
    }

    @Test
    void twoGroupsNeedingTheSameImageCauseOneBuildAndOneFlash() {
        RecordingPower power = new RecordingPower();
        FakeFlasher flasher = new FakeFlasher();
        FakeBuilder builder = new FakeBuilder();
        TestDevice device = board(power, flasher, builder).build();

        GroupResults r = GroupTestKit.groups(ImageGroup.class, SameImageGroup.class).on(device).run();
        r.assertAll(Outcome.PASSED);
        assertThat(r.groups()).hasSize(2);
        assertThat(builder.count()).isEqualTo(1);
        assertThat(flasher.count()).isEqualTo(1);
        assertThat(builder.builds().get(0).sourceFiles()).containsExactly("main.c");
        assertThat(r.groupLog("SameImageGroup")).contains("already on the device");
        assertThat(power.calls()).as("each group boots from off and is powered off after")
                .containsExactly(Action.OFF, Action.ON, Action.OFF, Action.OFF, Action.ON, Action.OFF);
    }
}
