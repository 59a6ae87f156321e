package dev.qualify.report.idt;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.RunReport;

import java.util.Map;

/** IDT's names for Qualify's suites: the suite prefix, the report file and the product. */
final class IdtNames {
    private IdtNames() {
    }

    /** {@code FRQ} for the FreeRTOS suite, {@code GGV2Q} for Greengrass, else the suite id. */
    static String suitePrefix(String suiteId) {
        if (suiteId == null || suiteId.isBlank()) return "Qualify";
        if (suiteId.equals("freertos-qualification")) return "FRQ";
        if (suiteId.startsWith("greengrass")) return "GGV2Q";
        return suiteId;
    }

    /** {@code FRQ_Report.xml}, {@code GGV2Q_Result.xml} (IDT's name for Greengrass), {@code <suite>_Report.xml}. */
    static String reportFile(String suiteId) {
        String p = suitePrefix(suiteId);
        return p.equals("GGV2Q") ? "GGV2Q_Result.xml" : p + "_Report.xml";
    }

    static String product(String suiteId) {
        String p = suitePrefix(suiteId);
        return p.equals("FRQ") ? "FreeRTOS" : p.equals("GGV2Q") ? "AWS IoT Greengrass V2" : suiteId;
    }

    /** IDT's required product feature: {@code core-freertos}, {@code aws-iot-greengrass-v2-core}. */
    static String coreFeature(String suiteId) {
        String p = suitePrefix(suiteId);
        return p.equals("FRQ") ? "core-freertos" : p.equals("GGV2Q") ? "aws-iot-greengrass-v2-core" : "core-" + p;
    }

    @SuppressWarnings("unchecked")
    static String property(DeviceInfo d, String key) {
        Object props = d.config().get("properties");
        if (props instanceof Map<?, ?> m && m.get(key) != null) return String.valueOf(m.get(key));
        return "";
    }

    /** {@code uart}, {@code ssh}, {@code docker} from IDT's connectivity; else the first word of the connection. */
    static String executionMethod(DeviceInfo d) {
        Object c = d.config().get("connectivity");
        if (c instanceof Map<?, ?> m && m.get("protocol") != null) return String.valueOf(m.get("protocol"));
        String conn = d.connection() == null ? "" : d.connection().trim();
        String first = conn.isEmpty() ? "" : conn.split("\\s+")[0];
        return switch (first) {
            case "serial", "tcp-serial", "rfc2217", "qemu" -> "uart";
            case "ssh" -> "ssh";
            default -> first;
        };
    }

    static String anyProperty(RunReport r, String key) {
        for (DeviceInfo d : r.devices()) {
            String v = property(d, key);
            if (!v.isEmpty()) return v;
        }
        return "";
    }
}
