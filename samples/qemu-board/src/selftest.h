#ifndef SELFTEST_H
#define SELFTEST_H

/* Runs the QemuSelfTest group (CRC-32, SHA-256, RAM patterns, SysTick) through the Unity-format runner. */
void run_qemu_selftest_group(void);

#endif
