package dev.qualify.samples.virtualboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The board's version, from the filtered {@code virtual-board.properties} resource. */
final class BoardVersion {

    private static volatile String version;

    private BoardVersion() {
    }

    static String get() {
        String v = version;
        if (v == null) {
            v = "dev";
            try (InputStream in = BoardVersion.class.getResourceAsStream("virtual-board.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String value = p.getProperty("version", "");
                    if (!value.isBlank() && !value.startsWith("${")) {
                        v = value.strip();
                    }
                }
            } catch (IOException e) {
                // keep "dev"
            }
            version = v;
        }
        return v;
    }
}
