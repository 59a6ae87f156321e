/*
 * Stub of corePKCS11's core_pkcs11.h for the Qualify virtual board, which implements PKCS #11 in Java. The
 * library's version is in the `version` file next to source/ (FreeRTOSIntegrity reads it).
 */
#ifndef CORE_PKCS11_H_
#define CORE_PKCS11_H_

#endif /* CORE_PKCS11_H_ */
