package dev.qualify.cloud.greengrass;

import java.util.List;

/** A thing group and its member things. */
public record ThingGroupRecord(String thingGroupName, String thingGroupArn, List<String> things) {
    public ThingGroupRecord {
        things = List.copyOf(things);
    }
}
