/**
 * The TCP server machinery the line, framed and time endpoints share, plugged into Spring
 * Integration's extension points: a connection factory that binds before the context is up,
 * connections that read through a buffer and know why they closed, connection limits, the
 * write-timeout watchdog, per-endpoint executors and the graceful drain.
 */
package org.ackgate.tcp;
