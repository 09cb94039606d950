/**
 * What operators see without reading logs: a Prometheus meter set per endpoint (fed by the TCP
 * connection observer hooks and the UDP responders), one health contributor per endpoint for
 * the readiness probe, the endpoint map in {@code /actuator/info}, and the meter filters that
 * keep the exposition {@code promtool}-clean. Each endpoint's flow configuration publishes an
 * {@link org.ackgate.observability.EndpointDescriptor}, and everything here iterates over those,
 * so a new endpoint needs no edit in this package. The metric names are a public contract,
 * listed in {@code docs/observability.md}.
 */
package org.ackgate.observability;
