package dev.qualify.cloud.rest;

import java.util.List;

/**
 * One service area of the control plane (IoT things, certificates, policies, endpoints; later Greengrass V2):
 * the operations it serves. A {@link ControlPlaneServer} serves the routes of every service it is given.
 */
public interface RestService {
    /** This area's operations; each method and path template is unique across all services of a server. */
    List<RestRoute> routes();
}
