/**
 * Service-wide plumbing: the clock every feature reads time from, the one-line startup failure
 * report for an endpoint that cannot bind its port, a clean exit (0) on SIGTERM, the settings
 * records bound on a thread of their own while the context refreshes, and the start's steps
 * recorded on request.
 */
package org.ackgate.system;
