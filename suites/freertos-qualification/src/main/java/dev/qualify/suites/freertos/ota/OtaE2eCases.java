package dev.qualify.suites.freertos.ota;

import dev.qualify.api.cloud.OtaJobStatus;
import dev.qualify.api.cloud.OtaUpdate;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.suites.freertos.ota.OtaE2eSetup.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OTA end-to-end cases IDT runs (FR-PG afr-porting-ota), each judged from the job's status in the cloud and
 * the version the board's console says it runs afterwards. Every case starts from what the board runs when it is
 * ready for a job, so one failed case does not make the next one fail.
 */
public final class OtaE2eCases {
    /** How a case signs its file. */
    enum Signing { SIGNED, UNSIGNED, UNTRUSTED, WRONG_ALGORITHM }

    private static final Set<String> REFUSED = Set.of("FAILED", "REJECTED");
    private static final AtomicInteger JOBS = new AtomicInteger();

    private final GroupContext group;
    private final OtaE2eSetup setup;
    private final OtaBoardWatch board;
    private final Duration jobTimeout;
    private final Duration readyTimeout;
    private final String protocol;

    /** @param protocol {@code MQTT} or {@code HTTP}: how the files are delivered */
    public OtaE2eCases(GroupContext group, String protocol) {
        this.group = group;
        this.protocol = protocol;
        this.setup = OtaE2eSetup.of(group);
        this.board = new OtaBoardWatch(group.device().require(Console.class));
        this.jobTimeout = group.scaled(Duration.ofSeconds(90));
        this.readyTimeout = group.scaled(Duration.ofSeconds(60));
    }

    /** The version the board runs once it is ready for a job (the first case waits for the flashed version). */
    private OtaVersion ready(String when) {
        board.startCase();
        board.awaitReady(board.running() == null ? setup.baseVersion() : null, readyTimeout, when);
        return board.running();
    }

    /** OTAE2EGreaterVersion: a newer, signed image is downloaded, activated, self-tested and accepted. */
    public void greaterVersion() {
        OtaVersion from = ready("before the update");
        accepted(from, from.next(), 0, "a newer image");
    }

    /** OTAE2EBackToBackDownloads: two newer images, one after the other, are both accepted. */
    public void backToBackDownloads() {
        OtaVersion from = ready("before the first update");
        accepted(from, from.next(), 0, "the first of two newer images");
        OtaVersion second = ready("before the second update");
        accepted(second, second.next(), 0, "the second of two newer images");
    }

    /** OTAE2ESameVersion: an image of the running version is rejected in its self-test; the board rolls back. */
    public void sameVersion() {
        OtaVersion from = ready("before the update");
        refused(from, from, Variant.NORMAL, Signing.SIGNED, "an image of the same version");
    }

    /** OTAE2EPreviousVersion: an older image is rejected in its self-test; the board rolls back. */
    public void previousVersion() {
        OtaVersion from = ready("before the update");
        refused(from, from.previous(), Variant.NORMAL, Signing.SIGNED, "an older image");
    }

    /** OTAE2EUnsignedImage: a job document without a signature is refused; nothing is activated. */
    public void unsignedImage() {
        OtaVersion from = ready("before the update");
        refused(from, from.next(), Variant.NORMAL, Signing.UNSIGNED, "an unsigned image");
    }

    /** OTAE2EUntrustedCertificate: an image signed by a signer the device does not trust is refused. */
    public void untrustedCertificate() {
        OtaVersion from = ready("before the update");
        refused(from, from.next(), Variant.NORMAL, Signing.UNTRUSTED, "an image signed with an untrusted certificate");
    }

    /** OTAE2EIncorrectSigningAlgorithm: a signature under the other algorithm's key is refused. */
    public void incorrectSigningAlgorithm() {
        OtaVersion from = ready("before the update");
        refused(from, from.next(), Variant.NORMAL, Signing.WRONG_ALGORITHM,
                "an image whose signature is given for " + setup.signer().otherSignatureKey());
    }

    /** OTAE2ERollbackIfUnableToConnectAfterUpdate: a new image that cannot connect is rolled back. */
    public void rollbackIfUnableToConnect() {
        OtaVersion from = ready("before the update");
        refused(from, from.next(), Variant.UNREACHABLE, Signing.SIGNED, "a newer image that cannot connect");
    }

    /** OTAE2EImageCrashed: a new image that crashes at start-up is not kept; the board returns to the old one. */
    public void imageCrashed() {
        OtaVersion from = ready("before the update");
        refused(from, from.next(), Variant.CRASHING, Signing.SIGNED, "a newer image that crashes at start-up");
    }

    /** OTAE2EDisconnectResume: the connection drops mid-download; the device resumes and the update succeeds. */
    public void disconnectResume() {
        OtaVersion from = ready("before the update");
        accepted(from, from.next(), 2, "a newer image whose download is cut by a disconnect after 2 blocks");
    }

    /** OTAE2EDisconnectCancelUpdate: the job is canceled while the device is disconnected; it drops the update. */
    public void disconnectCancelUpdate() {
        OtaVersion from = ready("before the update");
        String job = create(from.next(), Variant.NORMAL, Signing.SIGNED, 2);
        awaitBlocks(job, 2);
        setup.ota().cancel(job);
        canceledAndStillRunning(job, from);
    }

    /** OTAE2ECancelThenUpdate: a canceled update is dropped; the next one succeeds. */
    public void cancelThenUpdate() {
        OtaVersion from = ready("before the first update");
        String first = create(from.next(), Variant.NORMAL, Signing.SIGNED, 1);
        awaitBlocks(first, 1);
        setup.ota().cancel(first);
        canceledAndStillRunning(first, from);
        accepted(from, from.next(), 0, "a newer image after a canceled update");
    }

    /** OTAE2E2UpdatesCancel1st: of two queued updates the first is canceled; the second succeeds. */
    public void twoUpdatesCancelFirst() {
        OtaVersion from = ready("before the updates");
        String first = create(from.next(), Variant.NORMAL, Signing.SIGNED, 1);
        OtaVersion to = from.next().next();
        String second = create(to, Variant.NORMAL, Signing.SIGNED, 0);
        awaitBlocks(first, 1);
        setup.ota().cancel(first);
        OtaJobStatus s = board.awaitTerminal(setup.ota(), second, setup.thingName(), jobTimeout);
        expectStatus(second, s, Set.of("SUCCEEDED"), "the second of two updates, the first canceled");
        expectStatus(first, setup.ota().status(first, setup.thingName()).orElseThrow(), Set.of("CANCELED"),
                "the canceled first update");
        board.awaitReady(to, readyTimeout, "after the second update");
    }

    private void accepted(OtaVersion from, OtaVersion to, int dropAfter, String what) {
        String job = create(to, Variant.NORMAL, Signing.SIGNED, dropAfter);
        OtaJobStatus s = board.awaitTerminal(setup.ota(), job, setup.thingName(), jobTimeout);
        expectStatus(job, s, Set.of("SUCCEEDED"), what + " (" + from + " -> " + to + ")");
        board.awaitReady(to, readyTimeout, "after job " + job + " SUCCEEDED");
    }

    private void refused(OtaVersion from, OtaVersion to, Variant variant, Signing signing, String what) {
        String job = create(to, variant, signing, 0);
        OtaJobStatus s = board.awaitTerminal(setup.ota(), job, setup.thingName(), jobTimeout);
        expectStatus(job, s, REFUSED, what + " (" + from + " -> " + to + ")");
        board.awaitReady(from, readyTimeout, "after job " + job + " " + s.status() + " (the board must run " + from
                + " again)");
    }

    private void canceledAndStillRunning(String job, OtaVersion from) {
        OtaJobStatus s = board.awaitTerminal(setup.ota(), job, setup.thingName(), jobTimeout);
        expectStatus(job, s, Set.of("CANCELED"), "a canceled update");
        board.awaitReady(null, readyTimeout, "after job " + job + " was canceled");
        if (!from.equals(board.running())) {
            fail("job " + job + " was canceled, but the board now runs version " + board.running() + " instead of "
                    + from + "; last lines: " + board.tail());
        }
    }

    private void expectStatus(String job, OtaJobStatus s, Set<String> expected, String what) {
        if (!expected.contains(s.status())) {
            fail("job " + job + " with " + what + " ended " + s.status() + " " + s.statusDetails() + ", expected "
                    + String.join(" or ", expected) + "; the board runs version " + board.running() + "; last lines: "
                    + board.tail());
        }
        group.transcript().note("job " + job + ": " + s.status() + " " + s.statusDetails());
    }

    private void awaitBlocks(String job, int n) {
        if (!board.until(() -> setup.ota().blocksServed(job) >= n, jobTimeout)) {
            fail("the board did not ask for " + n + " blocks of job " + job + " within " + jobTimeout.toSeconds()
                    + " s (served: " + setup.ota().blocksServed(job) + "); last lines: " + board.tail());
        }
    }

    /**
     * OTAE2EPresignedUrlExpired (HTTP): the pre-signed URL lives 1 s and the link is slow (300 ms a block), so it
     * expires during the download; the device gets a fresh one from the job document and the update succeeds.
     */
    public void presignedUrlExpired() {
        OtaVersion from = ready("before the update");
        OtaVersion to = from.next();
        String job = create(to, Variant.NORMAL, Signing.SIGNED, 0, Duration.ofSeconds(1), Duration.ofMillis(300));
        OtaJobStatus s = board.awaitTerminal(setup.ota(), job, setup.thingName(), jobTimeout);
        expectStatus(job, s, Set.of("SUCCEEDED"), "a newer image whose pre-signed URL expires during the download");
        int expired = setup.ota().expiredUrlRequests(job);
        if (expired == 0) {
            fail("job " + job + " SUCCEEDED, but no request of its file used an expired URL, so the case checked nothing;"
                    + " last lines: " + board.tail());
        }
        group.transcript().note("job " + job + ": " + expired + " request(s) with an expired URL were refused (403)");
        board.awaitReady(to, readyTimeout, "after job " + job + " SUCCEEDED");
    }

    /** The group's cases, in run order, as dynamic tests named by their IDT ids; unselected ones left out. */
    public static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> tests(GroupContext group, String protocol) {
        OtaE2eCases c = new OtaE2eCases(group, protocol);
        java.util.Map<String, Runnable> run = new java.util.LinkedHashMap<>();
        run.put("OTAE2EGreaterVersion", c::greaterVersion);
        run.put("OTAE2EBackToBackDownloads", c::backToBackDownloads);
        run.put("OTAE2ESameVersion", c::sameVersion);
        run.put("OTAE2EUnsignedImage", c::unsignedImage);
        run.put("OTAE2EUntrustedCertificate", c::untrustedCertificate);
        run.put("OTAE2EPreviousVersion", c::previousVersion);
        run.put("OTAE2EIncorrectSigningAlgorithm", c::incorrectSigningAlgorithm);
        run.put("OTAE2EDisconnectResume", c::disconnectResume);
        run.put("OTAE2EDisconnectCancelUpdate", c::disconnectCancelUpdate);
        run.put("OTAE2E2UpdatesCancel1st", c::twoUpdatesCancelFirst);
        run.put("OTAE2ECancelThenUpdate", c::cancelThenUpdate);
        run.put("OTAE2EPresignedUrlExpired", protocol.equals("HTTP") ? c::presignedUrlExpired
                : () -> org.junit.jupiter.api.Assumptions.abort("OTAE2EPresignedUrlExpired checks HTTP delivery"
                        + " (pre-signed URLs); it does not apply to MQTT streams"));
        run.put("OTAE2EImageCrashed", c::imageCrashed);
        // last: a board that does not roll back stays on an image that cannot connect
        run.put("OTAE2ERollbackIfUnableToConnectAfterUpdate", c::rollbackIfUnableToConnect);
        if (!run.keySet().equals(new java.util.LinkedHashSet<>(ORDER))) throw new IllegalStateException("ORDER is stale");
        return selected(group).stream().map(name -> org.junit.jupiter.api.DynamicTest.dynamicTest(name, run.get(name)::run));
    }

    /** The cases in run order: the rollback case last (a board that does not roll back stays on an image that cannot connect). */
    static final java.util.List<String> ORDER = java.util.List.of("OTAE2EGreaterVersion", "OTAE2EBackToBackDownloads",
            "OTAE2ESameVersion", "OTAE2EUnsignedImage", "OTAE2EUntrustedCertificate", "OTAE2EPreviousVersion",
            "OTAE2EIncorrectSigningAlgorithm", "OTAE2EDisconnectResume", "OTAE2EDisconnectCancelUpdate",
            "OTAE2E2UpdatesCancel1st", "OTAE2ECancelThenUpdate", "OTAE2EPresignedUrlExpired", "OTAE2EImageCrashed",
            "OTAE2ERollbackIfUnableToConnectAfterUpdate");

    /** The cases {@code --test} selects, in run order. */
    static java.util.List<String> selected(GroupContext group) {
        return ORDER.stream().filter(group::selected).toList();
    }

    private String create(OtaVersion version, Variant variant, Signing signing, int dropAfter) {
        return create(version, variant, signing, dropAfter, null, null);
    }

    private String create(OtaVersion version, Variant variant, Signing signing, int dropAfter, Duration urlLifetime,
                          Duration blockDelay) {
        Path file = setup.updateImage(version, variant);
        byte[] image;
        try {
            image = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InfrastructureException("build-failed", "the OTA image " + file
                    + " cannot be read: " + e.getMessage(), e);
        }
        group.imageServed(file); // the board may boot it after this job: an expected image (boot.imageIdentity)
        String job = "qualify-ota-" + Long.toString(System.currentTimeMillis(), 36) + "-" + JOBS.incrementAndGet();
        OtaSigner signer = signing == Signing.UNTRUSTED ? setup.untrustedSigner() : setup.signer();
        byte[] signature;
        try {
            signature = signing == Signing.UNSIGNED ? null : signer.sign(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign the OTA image " + version, e);
        }
        String key = switch (signing) {
            case UNSIGNED -> null;
            case WRONG_ALGORITHM -> setup.signer().otherSignatureKey();
            default -> setup.signer().signatureKey();
        };
        setup.ota().create(new OtaUpdate(job, setup.thingName(), setup.filePath(), image, setup.certFile(), key,
                signature, dropAfter, protocol, urlLifetime, blockDelay));
        group.transcript().note("OTA job " + job + " (" + protocol + "): image " + version + " (" + variant + ", " + image.length
                + " bytes, " + signing.name().toLowerCase() + (dropAfter > 0 ? ", connection dropped after " + dropAfter
                + " blocks" : "") + ")");
        return job;
    }
}
