package dev.qualify.cloud.broker;

/**
 * A will message with its MQTT 5 will delay and message expiry interval (seconds; 0 for none). The message's
 * absolute expiry is set when it is published.
 */
record Will(Message message, long delaySeconds, long expiryIntervalSeconds) {
    Message toPublish() {
        if (expiryIntervalSeconds == 0) return message;
        Message m = message;
        return new Message(m.topic(), m.payload(), m.qos(), m.retain(), System.currentTimeMillis() + expiryIntervalSeconds * 1000,
                m.userProperties(), m.forwarded(), m.publisher());
    }
}
