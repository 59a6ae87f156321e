/*
 * Stub of the FreeRTOS-Kernel's task.h for the Qualify virtual board: the board implements the device side in
 * Java, so only the version the kernel's own header defines is kept (FreeRTOSIntegrity reads it).
 */
#ifndef INC_TASK_H
#define INC_TASK_H

#define tskKERNEL_VERSION_NUMBER    "V10.5.1"
#define tskKERNEL_VERSION_MAJOR     10
#define tskKERNEL_VERSION_MINOR     5
#define tskKERNEL_VERSION_BUILD     1

#endif /* INC_TASK_H */
