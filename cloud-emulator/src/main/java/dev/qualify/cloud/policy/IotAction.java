package dev.qualify.cloud.policy;

/** The IoT Core data-plane actions a policy can allow or deny. */
public enum IotAction {
    CONNECT("iot:Connect"), PUBLISH("iot:Publish"), SUBSCRIBE("iot:Subscribe"), RECEIVE("iot:Receive");

    private final String iamName;

    IotAction(String iamName) {
        this.iamName = iamName;
    }

    /** The name used in policy documents, e.g. {@code iot:Publish}. */
    public String iamName() {
        return iamName;
    }
}
