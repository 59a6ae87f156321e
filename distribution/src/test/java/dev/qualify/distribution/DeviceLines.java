package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device lines of Qualify's logs: {@code [time] < text} starts a device line, {@code [time] <+ text} continues
 * the one before (a note came in between), any other line is ours.
 */
final class DeviceLines {
    private static final Pattern LOG_LINE = Pattern.compile("^\\[[0-9:.]+\\] (<\\+?) ?(.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceLines() {
    }

    /** The device lines of one log, in order, without line ends. */
    static List<String> of(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readString(log, StandardCharsets.UTF_8).split("\n", -1)) {
            Matcher m = LOG_LINE.matcher(l.replace("\r", ""));
            if (!m.matches()) continue;
            String text = m.group(2);
            if (m.group(1).equals("<+") && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + text);
            } else {
                lines.add(text);
            }
        }
        return lines;
    }

    /** The numbers of the lines {@code <prefix> <n>/<total>} among {@code lines}, in order. */
    static List<Integer> numbers(List<String> lines, String prefix) {
        Pattern p = Pattern.compile("^" + Pattern.quote(prefix) + " (\\d+)/\\d+$");
        List<Integer> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** The log of every test result of the run, in the order the journal recorded them (relative to the run dir). */
    static List<String> testLogsInOrder(Path runDir) throws IOException {
        List<String> logs = new ArrayList<>();
        for (String l : Files.readAllLines(runDir.resolve("journal.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode e = JSON.readTree(l);
            if (e.path("event").asText().equals("test-finished")) logs.add(e.path("log").asText());
        }
        return logs;
    }
}
