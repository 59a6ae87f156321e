package dev.qualify.cloud.broker;

/**
 * A cloud service behind reserved topics (shadows, jobs). Called for every authorised PUBLISH from a client, after
 * the message was routed to subscribers.
 */
public interface ServiceHandler {
    /** @return true when the topic belonged to this service */
    boolean onPublish(Principal principal, String topic, byte[] payload);
}
