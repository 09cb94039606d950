package org.ackgate.tcp;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which threads serve TCP connections: each connection is read by one thread, the Java twin of
 * the tutorial servers' goroutine per connection.
 * @param mode {@code auto} (virtual threads on Java 21+, a bounded platform pool on 17),
 * {@code virtual} (fails on Java 17) or {@code platform}
 */
@ConfigurationProperties("ackgate.threads")
@Validated
public record ThreadsProperties(@DefaultValue("auto") @NotNull Mode mode) {

	/** How connection threads are made. */
	public enum Mode {

		/** Virtual threads where the JVM has them, platform threads otherwise. */
		AUTO,
		/** One virtual thread per connection; needs Java 21+. */
		VIRTUAL,
		/** One platform thread per connection from a pool bounded by the endpoint's max-connections. */
		PLATFORM

	}

}
