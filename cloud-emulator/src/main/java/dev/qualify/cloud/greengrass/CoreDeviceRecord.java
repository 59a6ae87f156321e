package dev.qualify.cloud.greengrass;

/**
 * A core device, registered when its nucleus first reports its status.
 *
 * @param status           {@code HEALTHY} or {@code UNHEALTHY}, as the nucleus reported {@code overallDeviceStatus}
 * @param trigger          what made the nucleus report ({@code NUCLEUS_LAUNCH}, {@code THING_GROUP_DEPLOYMENT}, ...)
 * @param lastStatusUpdate epoch millis of the last report
 * @param lastReport       the last status message, as JSON text
 */
public record CoreDeviceRecord(String coreDeviceThingName, String status, String coreVersion, String platform,
                               String architecture, String trigger, long lastStatusUpdate, String lastReport) {
}
