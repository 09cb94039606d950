package org.ackgate.tcp;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service stops on SIGTERM.
 * @param gracePeriod how long messages already read may take to get their ack after the
 * listeners closed; connections still open then are closed
 * @param readinessDelay how long readiness answers 503 before the drain begins, while every
 * endpoint keeps serving and accepting: a load balancer health-checking readiness (HAProxy,
 * nginx, outside Kubernetes) stops sending new clients before the listeners close; 0 (the
 * default) drains at once, as in Kubernetes, where the chart's preStop sleep covers this
 */
@ConfigurationProperties("ackgate.shutdown")
@Validated
public record ShutdownProperties(@DefaultValue("10s") @DurationMin(millis = 0) Duration gracePeriod,
		@DefaultValue("0s") @DurationMin(millis = 0) Duration readinessDelay) {
}
