package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.cloud.broker.Principal;
import dev.qualify.cloud.broker.ServiceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Records the fleet-status messages a nucleus publishes on {@code $aws/things/T/greengrassv2/health/json}
 * (registering the core device on the first). Saving happens off the event loop. A message that is not a JSON
 * object, or comes from another thing's certificate, is logged with the client id and ignored.
 */
final class HealthHandler implements ServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
    private final GreengrassService service;
    private final Executor executor;

    HealthHandler(GreengrassService service, Executor executor) {
        this.service = service;
        this.executor = executor;
    }

    @Override
    public boolean onPublish(Principal principal, String topic, byte[] payload) {
        String[] p = topic.split("/", -1);
        if (p.length != 6 || !p[3].equals("greengrassv2") || !p[4].equals("health") || !p[5].equals("json")) return false;
        String thing = p[2];
        if (!principal.anonymous() && principal.thingName() != null && !principal.thingName().equals(thing)) {
            LOG.warn("client {}: health for another thing ({}) ignored", principal.clientId(), thing);
            return true;
        }
        JsonNode msg;
        try {
            msg = Recipes.JSON.readTree(payload);
        } catch (java.io.IOException e) {
            msg = null;
        }
        if (msg == null || !msg.isObject()) {
            LOG.warn("client {}: fleet status on {} is not a JSON object; ignored", principal.clientId(), topic);
            return true;
        }
        JsonNode m = msg;
        try {
            executor.execute(() -> {
                try {
                    service.recordHealth(thing, m);
                } catch (RuntimeException e) {
                    LOG.warn("cannot record the status of {}: {}", thing, e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.warn("client {}: fleet status of {} arrived while the cloud stops; not recorded", principal.clientId(), thing);
        }
        return true;
    }
}
