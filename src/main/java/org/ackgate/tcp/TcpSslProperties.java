package org.ackgate.tcp;

import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS on one TCP endpoint ({@code ackgate.<endpoint>.ssl.*}), shared by every TCP endpoint's
 * properties. The key material comes from a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.NAME}
 * or {@code spring.ssl.bundle.jks.NAME}); only TLS 1.2 and 1.3 are ever enabled.
 * @param bundle the SSL bundle's name; unset serves plain TCP
 * @param clientAuth client certificates: {@code none}, {@code want} (verified against the bundle's
 * trust store when sent) or {@code need} (a connection without a trusted one is refused)
 * @param handshakeTimeout the whole TLS handshake must finish within this time, or the connection closes
 */
public record TcpSslProperties(@Nullable String bundle, @DefaultValue("none") @NotNull ClientAuth clientAuth,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration handshakeTimeout) {

	/** Plain TCP, the default. */
	public static final TcpSslProperties NONE = new TcpSslProperties(null, ClientAuth.NONE, Duration.ofSeconds(10));

	/** Whether the endpoint speaks TLS. */
	public boolean enabled() {
		return this.bundle != null && !this.bundle.isBlank();
	}

	/** Whether the server asks the client for a certificate. */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,
		/** Asked for; a client without one is served, a client with an untrusted one is refused. */
		WANT,
		/** Required: a client without a trusted certificate is refused. */
		NEED;

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
