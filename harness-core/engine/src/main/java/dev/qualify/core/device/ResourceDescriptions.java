package dev.qualify.core.device;

import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.ResourceSpec;

import java.util.Map;

/** One-line descriptions of how a device is reached, for reports; never includes secrets. */
public final class ResourceDescriptions {
    private ResourceDescriptions() {
    }

    public static String describe(DeviceSpec d) {
        ResourceSpec r = d.resources().get("console");
        if (r == null) r = d.resources().get("shell");
        if (r == null) return "(no console)";
        Map<String, Object> s = r.settings();
        Object where = s.containsKey("port") && s.containsKey("host") ? s.get("host") + ":" + s.get("port")
                : s.containsKey("port") ? s.get("port")
                : s.containsKey("host") ? s.get("host")
                : s.containsKey("ip") ? s.get("ip") : "";
        return (r.type() + " " + where).trim();
    }
}
