/*
 * Stub of coreMQTT's core_mqtt.h for the Qualify virtual board: only the library version, as the real header
 * defines it (FreeRTOSIntegrity reads it).
 */
#ifndef CORE_MQTT_H
#define CORE_MQTT_H

#define MQTT_LIBRARY_VERSION    "v2.1.1"

#endif /* CORE_MQTT_H */
