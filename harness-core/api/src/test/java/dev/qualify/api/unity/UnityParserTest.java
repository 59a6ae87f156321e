package dev.qualify.api.unity;

import dev.qualify.api.report.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class UnityParserTest {

    private static final String START = "---------STARTING TESTS---------";
    private static final String END = "-------ALL TESTS FINISHED-------";
    private static final String BANNER = "Qualify virtual board 0.1.0 booting";

    private static UnityRun parse(String... lines) {
        UnityParser parser = new UnityParser(UnityParserOptions.defaults());
        for (String line : lines) {
            parser.accept(line);
        }
        return parser.result();
    }

    private static UnityParser parser(String... lines) {
        UnityParser parser = new UnityParser(
                UnityParserOptions.defaults().withBootBanner(Pattern.compile("Qualify virtual board \\S+ booting")));
        for (String line : lines) {
            parser.accept(line);
        }
        return parser;
    }

    @Test
    void aCleanFixtureRunGivesCasesSummaryAndNoProblems() {
        UnityParser parser = parser(
                BANNER + "\r\n",
                "Waiting for 'start' on UART\r\n",
                START + "\r\n",
                "TEST(Full_TransportInterfaceTest, TransportSend_NetworkContextNullPtr) PASS\r\n",
                "TEST(Full_TransportInterfaceTest, TransportSend_BufferNullPtr) PASS\r\n",
                "\r\n",
                "-----------------------\r\n",
                "2 Tests 0 Failures 0 Ignored\r\n",
                "OK\r\n",
                END + "\r\n");

        assertThat(parser.started()).isTrue();
        assertThat(parser.finished()).isTrue();
        assertThat(parser.fatal()).isEmpty();
        UnityRun run = parser.result();
        assertThat(run.problems()).isEmpty();
        assertThat(run.clean()).isTrue();
        assertThat(run.linesSeen()).isEqualTo(10);
        assertThat(run.summary()).isEqualTo(new UnitySummary(2, 0, 0, true));
        assertThat(run.cases()).extracting(UnityCase::group, UnityCase::name, UnityCase::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Full_TransportInterfaceTest",
                                "TransportSend_NetworkContextNullPtr", Outcome.PASSED),
                        org.assertj.core.groups.Tuple.tuple("Full_TransportInterfaceTest",
                                "TransportSend_BufferNullPtr", Outcome.PASSED));
        UnityCase first = run.cases().get(0);
        assertThat(first.file()).isNull();
        assertThat(first.line()).isZero();
        assertThat(first.message()).isNull();
        assertThat(first.rawLine()).isEqualTo(
                "TEST(Full_TransportInterfaceTest, TransportSend_NetworkContextNullPtr) PASS");
        assertThat(first.qualifiedName()).isEqualTo(
                "Full_TransportInterfaceTest.TransportSend_NetworkContextNullPtr");
    }

    @Test
    void fixtureFailureCarriesFileLineAndMessage() {
        UnityRun run = parse(START,
                "TEST(Full_OTA_PAL, otaPal_CloseFile_ValidSignature)C:/work/ota/ota_pal_test.c:142::FAIL: Expected 0 Was 228",
                "1 Tests 1 Failures 0 Ignored", "FAIL", END);

        UnityCase c = run.cases().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(c.group()).isEqualTo("Full_OTA_PAL");
        assertThat(c.name()).isEqualTo("otaPal_CloseFile_ValidSignature");
        assertThat(c.file()).isEqualTo("C:/work/ota/ota_pal_test.c");
        assertThat(c.line()).isEqualTo(142);
        assertThat(c.message()).isEqualTo("Expected 0 Was 228");
        assertThat(run.summary()).isEqualTo(new UnitySummary(1, 1, 0, false));
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void failureMessagesMayContainColons() {
        UnityRun run = parse(START,
                "TEST(G, N)src/test.c:42::FAIL: Expected 0 Was 1. Network connect failed: Connection refused (127.0.0.1:9000)",
                "plain_test.c:7:test_parse:FAIL: key: value: Expected 'a' Was 'b'",
                "2 Tests 2 Failures 0 Ignored", "FAIL", END);

        assertThat(run.cases()).extracting(UnityCase::message).containsExactly(
                "Expected 0 Was 1. Network connect failed: Connection refused (127.0.0.1:9000)",
                "key: value: Expected 'a' Was 'b'");
        assertThat(run.cases().get(0).file()).isEqualTo("src/test.c");
        assertThat(run.cases().get(1).line()).isEqualTo(7);
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void plainUnityLinesHaveNoGroup() {
        UnityRun run = parse(START,
                "test_main.c:123:test_adds:PASS",
                "test_main.c:130:test_subtracts:FAIL: Expected 3 Was 4",
                "test_main.c:140:test_later:IGNORE",
                "test_main.c:150:test_much_later:IGNORE: not on this board",
                "test_main.c:160:test_timed:PASS (12 ms)",
                "", "-----------------------", "5 Tests 1 Failures 2 Ignored", "FAIL", END);

        assertThat(run.cases()).allSatisfy(c -> assertThat(c.group()).isNull());
        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome, UnityCase::line, UnityCase::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("test_adds", Outcome.PASSED, 123, null),
                        org.assertj.core.groups.Tuple.tuple("test_subtracts", Outcome.FAILED, 130, "Expected 3 Was 4"),
                        org.assertj.core.groups.Tuple.tuple("test_later", Outcome.SKIPPED, 140, null),
                        org.assertj.core.groups.Tuple.tuple("test_much_later", Outcome.SKIPPED, 150, "not on this board"),
                        org.assertj.core.groups.Tuple.tuple("test_timed", Outcome.PASSED, 160, null));
        assertThat(run.cases().get(0).file()).isEqualTo("test_main.c");
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void ignoreIsSkippedNeverFailed() {
        UnityRun run = parse(START,
                "TEST(Full_OTA_PAL, otaPal_WriteBlock_WriteSingleByte)ota_pal_test.c:300::IGNORE",
                "TEST(Full_OTA_PAL, otaPal_Abort_OpenFile)ota_pal_test.c:310::IGNORE: file systems only",
                "TEST(Full_OTA_PAL, otaPal_Abort_NullFileHandle)",
                "TEST(Full_OTA_PAL, otaPal_Abort_NonExistentFile) PASS",
                "4 Tests 0 Failures 3 Ignored", "OK", END);

        assertThat(run.cases()).extracting(UnityCase::outcome).containsExactly(
                Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.PASSED);
        assertThat(run.cases()).extracting(UnityCase::message).containsExactly(
                null, "file systems only", null, null);
        assertThat(run.cases().get(0).file()).isEqualTo("ota_pal_test.c");
        assertThat(run.cases().get(0).line()).isEqualTo(300);
        assertThat(run.cases().get(2).rawLine()).isEqualTo("TEST(Full_OTA_PAL, otaPal_Abort_NullFileHandle)");
        assertThat(run.summary().ok()).isTrue();
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void logPrefixesAndSuffixesAreTolerated() {
        String p = "<INF>    87259 [QualTest  ] ";
        String s = " (qualification_app_main.c:101)";
        UnityRun run = parse(
                p + START + s + "\r",
                p + "TEST(Full_PKCS11_StartFinish, PKCS11_StartFinish_FirstTest) PASS" + s + "\r",
                p + "TEST(Full_PKCS11_NoObject, PKCS11_Digest)core_pkcs11_test.c:612::FAIL: Element 0 Expected -49 Was -50" + s + "\r",
                p + "test_x.c:9:test_plain:PASS" + s + "\r",
                p + s + "\r",
                p + "-----------------------" + s + "\r",
                p + "3 Tests 1 Failures 0 Ignored" + s + "\r",
                p + "FAIL" + s + "\r",
                p + END + s + "\r");

        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).extracting(UnityCase::name).containsExactly(
                "PKCS11_StartFinish_FirstTest", "PKCS11_Digest", "test_plain");
        UnityCase failed = run.cases().get(1);
        assertThat(failed.file()).isEqualTo("core_pkcs11_test.c");
        assertThat(failed.line()).isEqualTo(612);
        assertThat(failed.message()).isEqualTo("Element 0 Expected -49 Was -50");
        assertThat(run.cases().get(2).file()).isEqualTo("test_x.c");
        assertThat(run.summary()).isEqualTo(new UnitySummary(3, 1, 0, false));
    }

    @Test
    void ansiColoursAreStripped() {
        UnityRun run = parse(
                "\u001B[0m" + START,
                "TEST(G, Passing) \u001B[42mPASS\u001B[0m",
                "TEST(G, Failing)t.c:5::\u001B[41mFAIL\u001B[0m: Expected \u001B[1m1\u001B[0m Was 2",
                "TEST(G, Ignored)t.c:9::\u001B[43mIGNORE\u001B[0m",
                "\u001B[1m3 Tests 1 Failures 1 Ignored\u001B[0m",
                "\u001B[41mFAIL\u001B[0m",
                END);

        assertThat(run.cases()).extracting(UnityCase::outcome).containsExactly(
                Outcome.PASSED, Outcome.FAILED, Outcome.SKIPPED);
        assertThat(run.cases().get(1).message()).isEqualTo("Expected 1 Was 2");
        assertThat(run.summary()).isEqualTo(new UnitySummary(3, 1, 1, false));
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void garbageBytesAndInterleavedLogLinesBetweenResultsAreIgnored() {
        String garbage = new String(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 0x1B, '[', '3', 'x',
                0x00, 0x07, (byte) 0xE2, (byte) 0x82}, StandardCharsets.UTF_8);
        assertThat(garbage).contains("\uFFFD");
        UnityRun run = parse(START,
                garbage,
                "TEST(G, A) PASS",
                "[MQTT] keep-alive sent OK at 1234 ms: fine",
                "\u001B[3",
                garbage + "\u001B]0;title",
                "TEST(G, B) PASS",
                "2 Tests 0 Failures 0 Ignored",
                garbage,
                "OK",
                END);

        assertThat(run.cases()).extracting(UnityCase::name).containsExactly("A", "B");
        assertThat(run.summary()).isEqualTo(new UnitySummary(2, 0, 0, true));
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void progressDotsAndAVerdictOnALaterLineBelongToThePendingTest() {
        UnityRun run = parse(START,
                "TEST(Full_TransportInterfaceTest, Transport_SendRecvCompare).......... PASS",
                "TEST(Full_PKCS11_Capabilities, PKCS11_Capabilities)The PKCS #11 module supports ECDSA.",
                "The PKCS #11 module supports private key import.",
                " PASS",
                "TEST(G, Slow)....",
                "..../src/slow.c:77::FAIL: Expected 1 Was 0",
                "3 Tests 1 Failures 0 Ignored", "FAIL", END);

        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Transport_SendRecvCompare", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("PKCS11_Capabilities", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("Slow", Outcome.FAILED));
        assertThat(run.cases().get(2).file()).isEqualTo("./src/slow.c");
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void summaryThatDisagreesWithTheLinesIsACountMismatch() {
        String[] lines = new String[15];
        lines[0] = START;
        for (int i = 1; i <= 9; i++) {
            lines[i] = "TEST(G, Case" + i + ") PASS";
        }
        lines[10] = "";
        lines[11] = "-----------------------";
        lines[12] = "10 Tests 1 Failures 0 Ignored";
        lines[13] = "FAIL";
        lines[14] = END;

        UnityRun run = parse(lines);

        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.COUNT_MISMATCH);
        assertThat(run.problems().get(0).message()).startsWith(
                "summary says 10 Tests 1 Failures 0 Ignored but 9 test lines were seen (9 passed, 0 failed, 0 ignored)");
        assertThat(run.summary()).isEqualTo(new UnitySummary(10, 1, 0, false));
    }

    @Test
    void outputThatStopsIsAMissingEndNamingTheLastLine() {
        UnityParser parser = parser(BANNER, START,
                "TEST(G, First) PASS",
                "TEST(G, Second) PASS");

        assertThat(parser.finished()).isFalse();
        assertThat(parser.fatal()).isEmpty();
        UnityRun run = parser.result();
        assertThat(run.problems()).extracting(UnityProblem::kind)
                .containsExactly(UnityProblem.Kind.MISSING_END, UnityProblem.Kind.MISSING_SUMMARY);
        assertThat(run.problems().get(0).message())
                .contains("'-------ALL TESTS FINISHED-------' not seen")
                .contains("the output stopped after 2 test lines")
                .contains("(last: 'TEST(G, Second) PASS')");
        assertThat(run.cases()).hasSize(2);
    }

    @Test
    void missingEndNamesATestThatNeverFinished() {
        UnityRun run = parse(START, "TEST(G, First) PASS", "TEST(G, Hanging)....");

        assertThat(run.problems().get(0).kind()).isEqualTo(UnityProblem.Kind.MISSING_END);
        assertThat(run.problems().get(0).message()).contains("while TEST(G, Hanging) was running");
        assertThat(run.cases()).extracting(UnityCase::name).containsExactly("First");
    }

    @Test
    void resultsWithoutAStartMarkerAreNotCountedAndReportedAsMissingStart() {
        UnityParser parser = parser(
                "TEST(G, A) PASS",
                "TEST(G, B)t.c:3::FAIL: Expected 1 Was 2",
                "2 Tests 1 Failures 0 Ignored", "FAIL",
                END);

        assertThat(parser.started()).isFalse();
        assertThat(parser.finished()).isTrue();
        UnityRun run = parser.result();
        assertThat(run.cases()).isEmpty();
        assertThat(run.summary()).isNull();
        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.MISSING_START);
        assertThat(run.problems().get(0).message())
                .contains("no start marker '---------STARTING TESTS---------' was seen in 5 lines")
                .contains("2 test result lines were (not counted)");
    }

    @Test
    void linesBeforeTheStartMarkerAreNotResults() {
        UnityRun run = parse(
                "TEST(Old, Leftover) PASS",
                START,
                "TEST(G, Real) PASS",
                "1 Tests 0 Failures 0 Ignored", "OK", END);

        assertThat(run.cases()).extracting(UnityCase::name).containsExactly("Real");
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void silenceIsMissingStartAndMissingEnd() {
        UnityRun run = parse();

        assertThat(run.problems()).extracting(UnityProblem::kind)
                .containsExactly(UnityProblem.Kind.MISSING_START, UnityProblem.Kind.MISSING_END);
        assertThat(run.problems().get(0).message()).contains("the device printed nothing");
        assertThat(run.linesSeen()).isZero();
    }

    @Test
    void aBannerSeenAgainDuringTheTestsIsAFatalReboot() {
        UnityParser parser = parser(BANNER, "Waiting for 'start'", START,
                "TEST(G, A) PASS", "TEST(G, B) PASS", "TEST(G, C) PASS", "TEST(G, D) PASS",
                "\u001B[0m" + BANNER + "\r",
                START,
                "TEST(G, A) PASS");

        assertThat(parser.fatal()).isPresent();
        UnityProblem fatal = parser.fatal().orElseThrow();
        assertThat(fatal.kind()).isEqualTo(UnityProblem.Kind.REBOOT);
        assertThat(fatal.message()).isEqualTo("boot banner '" + BANNER
                + "' seen again after 4 test lines: the board rebooted during the tests");
        UnityRun run = parser.result();
        assertThat(run.problems().get(0)).isEqualTo(fatal);
        assertThat(run.has(UnityProblem.Kind.MISSING_END)).isTrue();
        assertThat(run.cases()).hasSize(4);
        assertThat(run.linesSeen()).isEqualTo(10);
    }

    @Test
    void repeatedBannersBeforeTheStartAreNotFatalButAreNamedInMissingStart() {
        UnityParser parser = parser(BANNER, "booting...", BANNER, "booting...", BANNER);

        assertThat(parser.fatal()).isEmpty();
        assertThat(parser.result().problems().get(0).message()).contains("the boot banner was seen 3 times");
    }

    @Test
    void aSecondStartMarkerWithoutAnEndIsAReboot() {
        UnityRun run = parse(START, "TEST(G, A) PASS", START);

        assertThat(run.problems().get(0).kind()).isEqualTo(UnityProblem.Kind.REBOOT);
        assertThat(run.problems().get(0).message()).contains("seen again after 1 test line without an end marker");
    }

    @Test
    void aDeathStringIsFatalAndQuotesTheLine() {
        UnityParser parser = parser(BANNER, START, "TEST(G, A) PASS",
                "<ERR>     1200 [Tmr Svc   ] HardFault_Handler: Hard fault at 0x0800ABCD\r\n",
                "TEST(G, B) PASS");

        UnityProblem fatal = parser.fatal().orElseThrow();
        assertThat(fatal.kind()).isEqualTo(UnityProblem.Kind.DEATH_STRING);
        assertThat(fatal.message()).isEqualTo("death string 'HardFault' seen: "
                + "'<ERR>     1200 [Tmr Svc   ] HardFault_Handler: Hard fault at 0x0800ABCD'");
        assertThat(parser.result().cases()).extracting(UnityCase::name).containsExactly("A");
    }

    @Test
    void customDeathStringsAreCaseSensitiveSubstrings() {
        UnityParser parser = new UnityParser(new UnityParserOptions(List.of("PANIC"), null));
        parser.accept(START);
        parser.accept("panic is lower case, not a death");
        assertThat(parser.fatal()).isEmpty();
        parser.accept("KERNEL PANIC now");
        assertThat(parser.fatal().orElseThrow().message()).isEqualTo("death string 'PANIC' seen: 'KERNEL PANIC now'");
    }

    @Test
    void aDeathStringInsideAFailureMessageIsATestFailureNotACrash() {
        UnityRun run = parse(START, "TEST(G, A)t.c:1::FAIL: Stack overflow detected by guard", "1 Tests 1 Failures 0 Ignored",
                "FAIL", END);

        assertThat(run.problems()).isEmpty();
        assertThat(run.cases().get(0).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void markersWithNothingBetweenAreNoTests() {
        UnityRun run = parse(START, "", "-----------------------", "0 Tests 0 Failures 0 Ignored", "OK", END);

        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.NO_TESTS);
        assertThat(run.problems().get(0).message()).startsWith("zero test case was executed")
                .contains("0 Tests 0 Failures 0 Ignored");
    }

    @Test
    void endMarkerWithoutSummaryIsMissingSummary() {
        UnityRun run = parse(START, "TEST(G, A) PASS", END);

        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.MISSING_SUMMARY);
        assertThat(run.summary()).isNull();
    }

    @Test
    void failedVerdictSpellingsAndAMissingVerdict() {
        assertThat(parse(START, "TEST(G, A)t.c:1::FAIL", "1 Tests 1 Failures 0 Ignored", "FAILED", END)
                .summary().ok()).isFalse();
        UnityRun noVerdict = parse(START, "TEST(G, A) PASS", "1 Tests 0 Failures 0 Ignored", END);
        assertThat(noVerdict.summary()).isEqualTo(new UnitySummary(1, 0, 0, true));
        assertThat(noVerdict.problems()).isEmpty();
        assertThat(noVerdict.cases().get(0).message()).isNull();
    }

    @Test
    void linesAfterTheEndMarkerAreCountedButIgnored() {
        UnityParser parser = parser(START, "TEST(G, A) PASS", "1 Tests 0 Failures 0 Ignored", "OK", END,
                "TEST(G, Late) PASS", BANNER, "HardFault");

        assertThat(parser.fatal()).isEmpty();
        UnityRun run = parser.result();
        assertThat(run.cases()).hasSize(1);
        assertThat(run.linesSeen()).isEqualTo(8);
        assertThat(run.problems()).isEmpty();
    }

    @Test
    void recordsRejectWhatTheContractForbids() {
        assertThatThrownBy(() -> new UnityCase("G", "N", Outcome.ERROR, null, 0, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnitySummary(-1, 0, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnityParserOptions(List.of(" "), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(UnityParserOptions.defaults().deathStrings()).contains("HardFault", "Hard fault");
        assertThat(UnityParserOptions.defaults().bootBanner()).isNull();
    }

    // ---- captured-style outputs and the formats real ports print ----

    private static List<String> resource(String name) {
        try (InputStream in = UnityParserTest.class.getResourceAsStream("/unity/" + name)) {
            assertThat(in).as(name).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String l : text.split("\n", -1)) {
                lines.add(l + "\n");
            }
            if (text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static UnityParser feed(UnityParserOptions options, List<String> lines) {
        UnityParser parser = new UnityParser(options);
        lines.forEach(parser::accept);
        return parser;
    }

    @Test
    void withoutMarkersTheSummaryAndVerdictEndTheRunAndEverythingBeforeCounts() {
        List<String> lines = resource("flit-transport-verbose-no-markers.log");
        UnityParser parser = new UnityParser(UnityParserOptions.defaults());
        int verdictLine = lines.indexOf("FAIL\n");
        for (int i = 0; i < verdictLine; i++) {
            parser.accept(lines.get(i));
            assertThat(parser.finished()).as("finished after line %d", i + 1).isFalse();
        }
        parser.accept(lines.get(verdictLine));
        assertThat(parser.finished()).isTrue();
        parser.accept(lines.get(verdictLine + 1));

        UnityRun run = parser.result();
        assertThat(parser.started()).isFalse();
        assertThat(run.problems()).isEmpty();
        assertThat(run.summary()).isEqualTo(new UnitySummary(14, 1, 0, false));
        assertThat(run.suites()).containsExactly(new UnitySummary(14, 1, 0, false));
        assertThat(run.cases()).hasSize(14).allSatisfy(c -> assertThat(c.group()).isEqualTo("Full_TransportInterfaceTest"));
        assertThat(run.cases()).filteredOn(c -> c.outcome() == Outcome.FAILED).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Transport_SendRecvCompareMultithreaded");
            assertThat(c.file()).isEqualTo("/home/builder/freertos/Middleware/FreeRTOS/FreeRTOS-Libraries-Integration-Tests"
                    + "/src/transport_interface/transport_interface_test.c");
            assertThat(c.line()).isEqualTo(658);
            assertThat(c.message()).isEqualTo("Expected 0 Was -1. Thread 2 failed to receive");
        });
        assertThat(run.unnamedPasses()).isZero();
        assertThat(run.linesSeen()).isEqualTo(lines.size());
    }

    @Test
    void verboseVerdictSplitByPortLogAndInfoLinesStillPassesTheCaseThatStartedIt() {
        UnityRun run = feed(UnityParserOptions.defaults(), resource("flit-transport-verbose-no-markers.log")).result();

        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome, UnityCase::rawLine)
                .contains(tuple("Transport_SendOneByteRecvCompare", Outcome.PASSED, " PASS"),
                        tuple("Transport_SendRecvOneByteCompare", Outcome.PASSED, " PASS"));
        assertThat(run.cases()).extracting(UnityCase::outcome).containsOnly(Outcome.PASSED, Outcome.FAILED);
    }

    @Test
    void verboseFailAndIgnoreAfterInfoLinesAndTheRepeatTestNameForm() {
        UnityRun run = parse(
                "TEST(G, Fails)src/t.c:10::INFO: step 1",
                "[NET] retry 1 of 3",
                "src/t.c:11::INFO: step 2",
                "src/t.c:12::FAIL: Expected 1 Was 0",
                "TEST(G, Ignores)",
                "<INF> 77 [Net] waiting",
                "src/t.c:20::IGNORE: not on this board",
                "TEST(G, Repeated)/abs/t.c:30:TEST(G, Repeated):FAIL: Expected TRUE Was FALSE",
                "TEST(G, Later)/abs/t.c:40:TEST(G, Later):INFO: hello",
                "/abs/t.c:41:TEST(G, Later):IGNORE",
                "TEST(G, Passes)", "/abs/t.c:50:TEST(G, Passes):INFO: still running", " PASS",
                "", "-----------------------", "5 Tests 2 Failures 2 Ignored ", "FAIL");

        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome, UnityCase::file, UnityCase::line,
                UnityCase::message).containsExactly(
                tuple("Fails", Outcome.FAILED, "src/t.c", 12, "Expected 1 Was 0"),
                tuple("Ignores", Outcome.SKIPPED, "src/t.c", 20, "not on this board"),
                tuple("Repeated", Outcome.FAILED, "/abs/t.c", 30, "Expected TRUE Was FALSE"),
                tuple("Later", Outcome.SKIPPED, "/abs/t.c", 41, null),
                tuple("Passes", Outcome.PASSED, null, 0, null));
    }

    @Test
    void quietFixtureFormatNamesFailuresAndIgnoresAndCountsPassesFromTheSummary() {
        UnityParser parser = feed(UnityParserOptions.defaults(), resource("ota-pal-quiet-fixture.log"));

        assertThat(parser.finished()).isTrue();
        UnityRun run = parser.result();
        assertThat(run.problems()).isEmpty();
        assertThat(run.summary()).isEqualTo(new UnitySummary(20, 1, 2, false));
        assertThat(run.cases()).extracting(UnityCase::group, UnityCase::name, UnityCase::outcome, UnityCase::file,
                UnityCase::line, UnityCase::message).containsExactly(
                tuple("Full_OTA_PAL", "otaPal_CloseFile_ValidSignature", Outcome.FAILED,
                        "/home/builder/freertos/tests/ota/ota_pal_test.c", 142, "Expected 0 Was 228"),
                tuple("Full_OTA_PAL", "otaPal_Abort_OpenFile", Outcome.SKIPPED,
                        "C:\\work\\freertos\\tests\\ota\\ota_pal_test.c", 310, "file systems only"));
        assertThat(run.unnamedPasses()).isEqualTo(17);
    }

    @Test
    void quietFixtureRunOfOnlyDotsIsNeitherInconsistentNorEmpty() {
        UnityRun run = parse("Unity test run 1 of 1", "....", "<INF> 12 [QualTest] ......", "", "-----------------------",
                "10 Tests 0 Failures 0 Ignored ", "OK");

        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).isEmpty();
        assertThat(run.unnamedPasses()).isEqualTo(10);
        assertThat(run.summary().ok()).isTrue();
    }

    @Test
    void quietFixtureStillReportsAFailureLineThatWentMissing() {
        UnityRun run = parse("...src/t.c:5:TEST(G, A):FAIL: Expected 1 Was 2", "..", "", "-----------------------",
                "5 Tests 2 Failures 0 Ignored ", "FAIL");

        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.COUNT_MISMATCH);
        assertThat(run.problems().get(0).message()).contains("quiet format").contains("1 failed");
    }

    @Test
    void verboseRunWhoseLinesWereLostIsStillACountMismatchNotQuiet() {
        UnityRun run = parse("TEST(G, A) PASS", "Connecting ...", "3 Tests 0 Failures 0 Ignored", "OK");

        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.COUNT_MISMATCH);
        assertThat(run.unnamedPasses()).isZero();
    }

    @Test
    void threeSuitesWithMarkersPerSuiteFinishAtTheThirdEndMarkerWhenThreeAreExpected() {
        List<String> lines = resource("stm32-three-suites-markers-per-suite.log");
        UnityParser parser = new UnityParser(UnityParserOptions.defaults().withExpectedSuites(3));
        int ends = 0;
        for (String line : lines) {
            parser.accept(line);
            if (line.contains("ALL TESTS FINISHED")) {
                ends++;
                assertThat(parser.finished()).as("after end marker %d", ends).isEqualTo(ends == 3);
            }
        }
        assertThat(parser.fatal()).isEmpty();
        UnityRun run = parser.result();
        assertThat(run.problems()).isEmpty();
        assertThat(run.suites()).containsExactly(new UnitySummary(3, 0, 0, true), new UnitySummary(5, 1, 0, false),
                new UnitySummary(2, 0, 0, true));
        assertThat(run.summary()).isEqualTo(new UnitySummary(10, 1, 0, false));
        assertThat(run.cases()).hasSize(10);
        UnityCase capabilities = run.cases().get(5);
        assertThat(capabilities.qualifiedName()).isEqualTo("Full_PKCS11_Capabilities.PKCS11_Capabilities");
        assertThat(capabilities.outcome()).isEqualTo(Outcome.PASSED);
        UnityCase digest = run.cases().get(6);
        assertThat(digest.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(digest.file()).isEqualTo("C:/Users/builder/STM32CubeIDE/workspace_1.12.0/b_u585i_iot02a_ntz/Middleware"
                + "/FreeRTOS/FreeRTOS-Libraries-Integration-Tests/src/pkcs11/core_pkcs11_test.c");
        assertThat(digest.line()).isEqualTo(612);
        assertThat(digest.message()).isEqualTo("Element 0 Expected -49 Was -50");
    }

    @Test
    void withTheDefaultOneSuiteTheFirstEndMarkerEndsTheRun() {
        UnityParser parser = feed(UnityParserOptions.defaults(), resource("stm32-three-suites-markers-per-suite.log"));

        UnityRun run = parser.result();
        assertThat(parser.finished()).isTrue();
        assertThat(run.problems()).isEmpty();
        assertThat(run.suites()).containsExactly(new UnitySummary(3, 0, 0, true));
        assertThat(run.cases()).extracting(UnityCase::group).containsOnly("Full_OTA_PAL");
    }

    @Test
    void fewerSuitesThanExpectedIsAMissingEndNamingHowManyFinished() {
        List<String> lines = resource("stm32-three-suites-markers-per-suite.log");
        UnityRun run = feed(UnityParserOptions.defaults().withExpectedSuites(4), lines).result();

        assertThat(run.suites()).hasSize(3);
        assertThat(run.problems()).extracting(UnityProblem::kind).containsExactly(UnityProblem.Kind.MISSING_END);
        assertThat(run.problems().get(0).message()).startsWith("only 3 of the 4 expected Unity suites finished");
    }

    @Test
    void twoSuitesWithoutMarkersEachCloseAtTheirVerdict() {
        List<String> lines = resource("flit-two-suites-no-markers.log");

        UnityParser one = feed(UnityParserOptions.defaults(), lines);
        assertThat(one.result().suites()).containsExactly(new UnitySummary(3, 0, 1, true));
        assertThat(one.result().problems()).isEmpty();

        UnityParser two = new UnityParser(UnityParserOptions.defaults().withExpectedSuites(2));
        for (String line : lines) {
            two.accept(line);
            if (line.equals("OK\n")) {
                assertThat(two.finished()).isFalse();
                assertThat(two.caseCount()).isEqualTo(3);
            }
        }
        assertThat(two.finished()).isTrue();
        UnityRun run = two.result();
        assertThat(run.problems()).isEmpty();
        assertThat(run.suites()).containsExactly(new UnitySummary(3, 0, 1, true), new UnitySummary(2, 1, 0, false));
        assertThat(run.summary()).isEqualTo(new UnitySummary(5, 1, 1, false));
        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome).containsExactly(
                tuple("otaPal_CloseFile_ValidSignature", Outcome.PASSED),
                tuple("otaPal_Abort_NullFileHandle", Outcome.SKIPPED),
                tuple("otaPal_Abort_NonExistentFile", Outcome.PASSED),
                tuple("PKCS11_StartFinish_FirstTest", Outcome.PASSED),
                tuple("PKCS11_GenerateRandomMultiThread", Outcome.FAILED));
        assertThat(run.cases().get(4).file()).isEqualTo("/opt/ci/workspace/fw/tests/core_pkcs11_test.c");
    }

    @Test
    void casesWithoutMarkersSettleWhenTheirSummaryClosesTheSuite() {
        UnityParser parser = parser("TEST(G, A) PASS", "TEST(G, B)t.c:3::FAIL: Expected 1 Was 2");

        assertThat(parser.caseCount()).isZero();
        assertThat(parser.cases()).isEmpty();
        UnityRun open = parser.result();
        assertThat(open.cases()).extracting(UnityCase::name).containsExactly("A", "B");
        assertThat(open.problems()).extracting(UnityProblem::kind)
                .containsExactly(UnityProblem.Kind.MISSING_END, UnityProblem.Kind.MISSING_SUMMARY);
        assertThat(open.problems().get(0).message()).startsWith("the run was not closed")
                .contains("(last: 'TEST(G, B)t.c:3::FAIL: Expected 1 Was 2')");
        assertThat(open.has(UnityProblem.Kind.MISSING_START)).isFalse();

        parser.accept("2 Tests 1 Failures 0 Ignored ");
        assertThat(parser.finished()).isFalse();
        assertThat(parser.result().problems().get(0).message()).contains("the summary came but no OK/FAIL line after it");
        parser.accept("FAIL");
        assertThat(parser.finished()).isTrue();
        assertThat(parser.caseCount()).isEqualTo(2);
        assertThat(parser.result().problems()).isEmpty();
    }

    @Test
    void aSecondBannerAfterResultsWithoutMarkersIsAReboot() {
        UnityParser parser = parser("TEST(Old, Leftover) PASS", BANNER, "TEST(G, A) PASS", BANNER, "TEST(G, A) PASS");

        assertThat(parser.fatal()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(UnityProblem.Kind.REBOOT);
            assertThat(f.message()).contains("seen again after 1 test line without start/end markers");
        });
        assertThat(parser.result().cases()).extracting(UnityCase::name).containsExactly("A");
    }

    @Test
    void aStartMarkerAfterAnEndMarkerStartsTheNextSuite() {
        UnityParser parser = new UnityParser(UnityParserOptions.defaults().withExpectedSuites(2));
        for (String l : List.of(START, "TEST(G, A) PASS", "1 Tests 0 Failures 0 Ignored", "OK", END,
                "TEST(Stray, Between) PASS", START, "TEST(H, B) PASS", "1 Tests 0 Failures 0 Ignored", "OK", END)) {
            parser.accept(l);
        }
        assertThat(parser.fatal()).isEmpty();
        assertThat(parser.finished()).isTrue();
        assertThat(parser.result().cases()).extracting(UnityCase::qualifiedName).containsExactly("G.A", "H.B");
        assertThat(parser.result().problems()).isEmpty();
    }

    @Test
    void absoluteBuildMachinePathsGiveFileAndLine() {
        UnityRun run = parse(START,
                "TEST(G, Unix)/home/builder/freertos/tests/x.c:123::FAIL: Expected 0 Was 1",
                "TEST(G, Win)C:\\work\\freertos\\tests\\x.c:124::FAIL: Expected 0 Was 2",
                "TEST(G, WinSlash)D:/ci/x.c:125::IGNORE",
                "<INF> 5 [QualTest  ] TEST(G, Spaces)C:\\Program Files\\fw\\x.c:126::FAIL: a: b",
                "/home/builder/freertos/tests/plain.c:127:test_plain:FAIL: Expected 3 Was 4",
                "C:\\work\\plain.c:128:test_win:PASS",
                "..../home/builder/freertos/tests/q.c:129:TEST(G, Quiet):FAIL: Expected 5 Was 6",
                "6 Tests 5 Failures 1 Ignored", "FAIL", END);

        assertThat(run.cases()).extracting(UnityCase::name, UnityCase::file, UnityCase::line).containsExactly(
                tuple("Unix", "/home/builder/freertos/tests/x.c", 123),
                tuple("Win", "C:\\work\\freertos\\tests\\x.c", 124),
                tuple("WinSlash", "D:/ci/x.c", 125),
                tuple("Spaces", "C:\\Program Files\\fw\\x.c", 126),
                tuple("test_plain", "/home/builder/freertos/tests/plain.c", 127),
                tuple("test_win", "C:\\work\\plain.c", 128),
                tuple("Quiet", "/home/builder/freertos/tests/q.c", 129));
        assertThat(run.cases().get(3).message()).isEqualTo("a: b");
        assertThat(run.cases().get(6).message()).isEqualTo("Expected 5 Was 6");
    }

    @Test
    void aLongLogOf100000LinesIsParsedWithConstantWorkPerLine() {
        UnityParser parser = new UnityParser(UnityParserOptions.defaults());
        int lines = 0;
        int streamed = 0;
        int results = 0;
        parser.accept(START);
        lines++;
        int cases = 0;
        while (lines < 100_000 - 3) {
            String line = cases % 3 == 2 ? "<INF> " + lines + " [MQTT] keep-alive sent (core_mqtt.c:" + lines + ")"
                    : cases % 100 == 99 ? "TEST(Long, Case" + cases + ")/home/b/long.c:" + cases + "::FAIL: Expected 1 Was 0"
                    : "TEST(Long, Case" + cases + ") PASS";
            parser.accept(line);
            lines++;
            cases++;
            // what the suite does per line: cheap calls only
            List<UnityCase> now = parser.cases();
            for (int i = streamed; i < now.size(); i++) {
                assertThat(now.get(i).group()).isEqualTo("Long");
            }
            streamed = now.size();
            if (lines % 1000 == 0) {
                results += parser.result().cases().size() > 0 ? 1 : 0;
            }
        }
        int tests = parser.caseCount();
        long failed = parser.cases().stream().filter(c -> c.outcome() == Outcome.FAILED).count();
        parser.accept(tests + " Tests " + failed + " Failures 0 Ignored");
        parser.accept("FAIL");
        parser.accept(END);
        lines += 3;

        UnityRun run = parser.result();
        assertThat(parser.finished()).isTrue();
        assertThat(run.linesSeen()).isEqualTo(100_000).isEqualTo(lines);
        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).hasSize(tests).hasSize(streamed);
        assertThat(tests).isGreaterThan(60_000);
        assertThat(results).isGreaterThan(90);
    }

    @Test
    void theCaseListsHandedOutNeverChangeAfterwards() {
        UnityParser parser = parser(START, "TEST(G, A) PASS");
        List<UnityCase> early = parser.cases();
        UnityRun earlyRun = parser.result();
        for (int i = 0; i < 100; i++) {
            parser.accept("TEST(G, N" + i + ") PASS");
        }

        assertThat(early).extracting(UnityCase::name).containsExactly("A");
        assertThat(earlyRun.cases()).hasSize(1);
        assertThat(parser.cases()).hasSize(101);
        assertThatThrownBy(() -> parser.cases().add(early.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theOneSuiteRunConstructorAndOptionsKeepTheirOldShape() {
        UnitySummary s = new UnitySummary(1, 0, 0, true);
        UnityRun run = new UnityRun(List.of(), s, List.of(), 3);
        assertThat(run.suites()).containsExactly(s);
        assertThat(run.unnamedPasses()).isZero();
        assertThat(new UnityRun(List.of(), null, List.of(), 0).suites()).isEmpty();
        assertThat(new UnityParserOptions(List.of("X"), null).expectedSuites()).isEqualTo(1);
        assertThatThrownBy(() -> UnityParserOptions.defaults().withExpectedSuites(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
