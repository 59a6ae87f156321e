package dev.qualify.cloud;

import dev.qualify.cloud.broker.BrokerLimits;
import dev.qualify.api.cloud.CloudException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Settings of an {@link EmulatedCloud}, usually from the {@code cloud:} section of a run's config.
 *
 * @param port            MQTT over mutual TLS on 127.0.0.1; 0 for an ephemeral port
 * @param plainPort       plain MQTT for local debugging, or -1 for none (the default)
 * @param httpsPort       HTTPS publish and MQTT over WebSocket; 0 ephemeral, -1 none
 * @param dataDir         registry, CA, shadows, jobs and retained messages live here
 * @param caCertificate   a user-given CA certificate (PEM file), or null to use or create the data dir's CA
 * @param caKey           the user-given CA's private key (PEM file), or null
 * @param capture         record every packet
 * @param captureLimit    most packets kept in the packet log
 * @param limits          broker limits
 * @param ioThreads       event-loop threads (0: one per processor)
 * @param controlPort     the IoT REST control plane (HTTPS, SigV4) on 127.0.0.1; 0 ephemeral, -1 none (the default)
 * @param greengrassPort  the Greengrass data plane and credentials provider (HTTPS, mutual TLS); 0 ephemeral, -1 none
 */
public record EmulatedCloudConfig(int port, int plainPort, int httpsPort, Path dataDir, Path caCertificate, Path caKey,
                                  boolean capture, int captureLimit, BrokerLimits limits, int ioThreads, int controlPort,
                                  int greengrassPort) {

    /** Settings without a control plane, with the Greengrass data plane on an ephemeral port. */
    public EmulatedCloudConfig(int port, int plainPort, int httpsPort, Path dataDir, Path caCertificate, Path caKey,
                               boolean capture, int captureLimit, BrokerLimits limits, int ioThreads) {
        this(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, limits, ioThreads, -1, 0);
    }

    private static final Set<String> KEYS = Set.of("port", "plainPort", "httpsPort", "dataDir", "caCertificate", "caKey",
            "capture", "captureLimit", "maxQueuedPerClient", "inflightWindow", "maxSessionExpirySeconds", "ioThreads",
            "minKeepAliveSeconds", "controlPort", "greengrassPort");

    /** Defaults: ephemeral TLS and HTTPS ports, no plain listener, capture on. */
    public static EmulatedCloudConfig defaults(Path dataDir) {
        return new EmulatedCloudConfig(0, -1, 0, dataDir, null, null, true, 200_000, BrokerLimits.IOT_CORE, 0);
    }

    /**
     * Reads the provider settings: {@code port}, {@code plainPort} (absent = no plain listener), {@code httpsPort}
     * (-1 = none), {@code dataDir} (absent = workDir), {@code caCertificate} and {@code caKey}, {@code capture},
     * {@code captureLimit}, {@code maxQueuedPerClient}, {@code inflightWindow}, {@code maxSessionExpirySeconds},
     * {@code ioThreads}, {@code minKeepAliveSeconds} (IoT Core's is 30; 0, the default, for none), {@code controlPort}
     * (absent = no control plane), {@code greengrassPort} (-1 = none).
     *
     * @throws CloudException on an unknown key or a bad value
     */
    public static EmulatedCloudConfig fromSettings(Map<String, Object> settings, Path workDir) {
        for (String k : settings.keySet()) {
            if (!KEYS.contains(k)) throw new CloudException("unknown cloud setting '" + k + "'; known: " + new java.util.TreeSet<>(KEYS));
        }
        Path dataDir = settings.containsKey("dataDir") ? Path.of(String.valueOf(settings.get("dataDir"))) : workDir;
        BrokerLimits limits = BrokerLimits.IOT_CORE;
        if (settings.containsKey("maxQueuedPerClient")) limits = limits.withMaxQueuedPerClient(intOf(settings, "maxQueuedPerClient", 0));
        if (settings.containsKey("inflightWindow")) limits = limits.withInflightWindow(intOf(settings, "inflightWindow", 0));
        if (settings.containsKey("maxSessionExpirySeconds")) {
            limits = limits.withMaxSessionExpirySeconds(intOf(settings, "maxSessionExpirySeconds", 0));
        }
        if (settings.containsKey("minKeepAliveSeconds")) {
            int min = intOf(settings, "minKeepAliveSeconds", 0);
            if (min < 0 || min > limits.maxKeepAliveSeconds()) {
                throw new CloudException("cloud setting minKeepAliveSeconds out of range: " + min + " (0 to " + limits.maxKeepAliveSeconds() + ")");
            }
            limits = limits.withKeepAliveRange(min, limits.maxKeepAliveSeconds());
        }
        Path caCert = settings.containsKey("caCertificate") ? Path.of(String.valueOf(settings.get("caCertificate"))) : null;
        Path caKey = settings.containsKey("caKey") ? Path.of(String.valueOf(settings.get("caKey"))) : null;
        if ((caCert == null) != (caKey == null)) throw new CloudException("caCertificate and caKey must be given together");
        return new EmulatedCloudConfig(port(settings, "port", 0), port(settings, "plainPort", -1), port(settings, "httpsPort", 0),
                dataDir, caCert, caKey, boolOf(settings, "capture", true), intOf(settings, "captureLimit", 200_000), limits,
                intOf(settings, "ioThreads", 0), port(settings, "controlPort", -1), port(settings, "greengrassPort", 0));
    }

    private static int port(Map<String, Object> s, String key, int dflt) {
        int p = intOf(s, key, dflt);
        if (p < -1 || p > 65535) throw new CloudException("cloud setting " + key + " out of range: " + p);
        return p;
    }

    private static int intOf(Map<String, Object> s, String key, int dflt) {
        Object v = s.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new CloudException("cloud setting " + key + " is not a number: " + v);
        }
    }

    private static boolean boolOf(Map<String, Object> s, String key, boolean dflt) {
        Object v = s.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        return Boolean.parseBoolean(v.toString());
    }

    public EmulatedCloudConfig withPorts(int port, int plainPort, int httpsPort) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, limits, ioThreads, controlPort, greengrassPort);
    }

    public EmulatedCloudConfig withCa(Path cert, Path key) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, cert, key, capture, captureLimit, limits, ioThreads, controlPort, greengrassPort);
    }

    public EmulatedCloudConfig withCapture(boolean on) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, on, captureLimit, limits, ioThreads, controlPort, greengrassPort);
    }

    public EmulatedCloudConfig withIoThreads(int n) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, limits, n, controlPort, greengrassPort);
    }

    public EmulatedCloudConfig withGreengrassPort(int p) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, limits, ioThreads, controlPort, p);
    }

    public EmulatedCloudConfig withControlPort(int p) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, limits, ioThreads, p, greengrassPort);
    }

    public EmulatedCloudConfig withLimits(BrokerLimits l) {
        return new EmulatedCloudConfig(port, plainPort, httpsPort, dataDir, caCertificate, caKey, capture, captureLimit, l, ioThreads, controlPort, greengrassPort);
    }
}
