package dev.qualify.cloud.broker;

/**
 * Scripted misbehaviour the broker consults for each client (fault injection). Each method consumes one
 * occurrence of a scripted fault when it returns a fault.
 */
public interface Misbehaviour {

    /** What to do with a CONNECT from this client id. */
    ConnectFault onConnect(String clientId);

    /** True to drop the PUBACK (or PUBREC) for this client's next PUBLISH. */
    boolean withholdPuback(String clientId);

    /** True to drop the SUBACK for this client's next SUBSCRIBE. */
    boolean withholdSuback(String clientId);

    /** True to drop the PINGRESP for this client's next PINGREQ. */
    boolean withholdPingresp(String clientId);

    /** The degraded network towards this client, or null for none (called for every packet: keep it cheap). */
    default NetworkFault networkFault(String clientId) {
        return null;
    }

    Misbehaviour NONE = new Misbehaviour() {
        @Override
        public ConnectFault onConnect(String clientId) {
            return ConnectFault.PROCEED;
        }

        @Override
        public boolean withholdPuback(String clientId) {
            return false;
        }

        @Override
        public boolean withholdSuback(String clientId) {
            return false;
        }

        @Override
        public boolean withholdPingresp(String clientId) {
            return false;
        }
    };
}
