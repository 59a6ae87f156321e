package dev.qualify.core.bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run directory shaped as a run writes one: journal, reports, per-test logs, IDT's report. */
public final class SampleRunDir {
    public static final String IDT_REPORT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<apnreport><awsiotdevicetesterversion>qualify-0.1.0"
            + "</awsiotdevicetesterversion><testsuiteversion>2.1.2</testsuiteversion><session><testsession>run-1</testsession>"
            + "<starttime>2026-01-01T00:00:00Z</starttime><endtime>2026-01-01T00:01:00Z</endtime></session><awsproduct><name>FRQ</name>"
            + "<version>202210.01-LTS</version><features/></awsproduct><report><testsuites name=\"FRQ results\">&lt;signature&gt;"
            + "</testsuites></report></apnreport>";

    private SampleRunDir() {
    }

    public static Path write(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("logs/board-1/FullPKCS11_Core"));
        Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"run-started\"}\n{\"type\":\"run-finished\"}\n");
        Files.writeString(dir.resolve("junit.xml"), "<testsuites/>\n");
        Files.writeString(dir.resolve("summary.txt"), "Passed: 10\n");
        Files.writeString(dir.resolve("logs/board-1/FullPKCS11_Core/PKCS11_Digest.log"), "12:00:00.001 TEST(Full_PKCS11, Digest) PASS\n");
        Files.writeString(dir.resolve("logs/board-1/FullPKCS11_Core/_group.log"), "flash ok\n");
        Files.writeString(dir.resolve(ApnSignature.FILE_NAME), IDT_REPORT, StandardCharsets.UTF_8);
        return dir;
    }
}
