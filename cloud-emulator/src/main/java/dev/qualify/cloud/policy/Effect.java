package dev.qualify.cloud.policy;

/** A statement's effect. An explicit Deny wins over any Allow. */
public enum Effect { ALLOW, DENY }
