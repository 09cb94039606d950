/**
 * Service-wide plumbing: the clock every feature reads time from, and the one-line startup
 * failure report for an endpoint that cannot bind its port.
 */
package org.ackgate.system;
