package dev.qualify.core.lab;

import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.device.ConfiguredDevice;

import java.util.Map;

/**
 * The check before power-on: a {@code tcp-serial} console whose board Qualify starts itself (the {@code process}
 * power driver) must have no listener yet; one that has is served by something else ({@code port-busy}).
 */
public final class ConsoleEndpoint {
    private ConsoleEndpoint() {
    }

    /** Throws {@code port-busy} when {@code device}'s console port is served before its board is powered on. */
    public static void requireFreeBeforePowerOn(ConfiguredDevice device) {
        Map<String, ResourceSpec> r = device.spec().resources();
        ResourceSpec console = r.get("console");
        ResourceSpec power = r.get("power");
        if (console == null || power == null || !"tcp-serial".equals(console.type()) || !"process".equals(power.type())) return;
        Object host = console.settings().getOrDefault("host", "127.0.0.1");
        Object port = console.settings().get("port");
        int p;
        try {
            p = port instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(port).trim());
        } catch (NumberFormatException e) {
            return; // a placeholder, or no port: the console driver says what is wrong
        }
        if (p <= 0 || p > 65535 || String.valueOf(host).contains("{{")) return;
        BusyPorts.requireFree("the console port of device " + device.id(), String.valueOf(host), p);
    }
}
