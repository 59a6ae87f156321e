package dev.qualify.cloud.registry;

/** The status of a registered certificate. Only ACTIVE certificates may connect. */
public enum CertificateStatus { ACTIVE, INACTIVE, REVOKED }
