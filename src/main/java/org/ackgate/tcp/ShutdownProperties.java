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
 */
@ConfigurationProperties("ackgate.shutdown")
@Validated
public record ShutdownProperties(@DefaultValue("10s") @DurationMin(millis = 0) Duration gracePeriod) {
}
