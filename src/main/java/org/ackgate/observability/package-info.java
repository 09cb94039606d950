/**
 * What operators see without reading logs: a Prometheus meter set per endpoint (fed by the TCP
 * connection observer hooks and the UDP flow's channels), one health contributor per endpoint
 * for the readiness probe, the endpoint map in {@code /actuator/info}, and the meter filters that
 * keep the exposition {@code promtool}-clean. The metric names are a public contract, listed in
 * {@code docs/observability.md}.
 */
package org.ackgate.observability;
