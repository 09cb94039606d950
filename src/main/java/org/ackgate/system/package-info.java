/**
 * Service-wide plumbing: the clock every feature reads time from, the one-line startup failure
 * report for an endpoint that cannot bind its port, and a clean exit (0) on SIGTERM.
 */
package org.ackgate.system;
