package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PROXY protocol on one TCP endpoint ({@code ackgate.<endpoint>.proxy-protocol.*}), for a
 * load balancer in front of it (HAProxy, nginx {@code stream}, an AWS NLB): the balancer sends
 * the real client's address in a header ahead of the connection's own bytes, and that address
 * becomes the connection's peer for the allow-list, the per-source limit, the logs, the message
 * headers and the journal.
 * @param enabled every connection must come from a trusted balancer and begin with a PROXY header,
 * v1 or v2; off by default
 * @param trusted the balancers' addresses, as CIDR blocks or addresses (IPv4 and IPv6); a
 * connection from any other address is closed at accept (reason {@code denied}); required when
 * enabled
 * @param headerTimeout the whole header must arrive within this time, or the connection closes
 * (reason {@code protocol})
 */
public record ProxyProtocolProperties(@DefaultValue("false") boolean enabled, @Nullable List<String> trusted,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 1) Duration headerTimeout) {

	/** Off: connections are served as they come, the default. */
	public static final ProxyProtocolProperties OFF = new ProxyProtocolProperties(false, null, Duration.ofSeconds(3));

	/**
	 * The trusted list parsed, and required when enabled.
	 * @param prefix the keys' prefix, {@code ackgate.<endpoint>.proxy-protocol}
	 * @throws IllegalArgumentException naming the property when the list is missing or an entry is not a CIDR block
	 */
	ProxyProtocolProperties checked(String prefix) {
		AllowList parsed = TcpServerSettings.allowList(prefix + ".trusted", this.trusted);
		if (this.enabled && parsed.allowsEveryone()) {
			throw new IllegalArgumentException(prefix + ".trusted must list the load balancers' addresses "
					+ "(CIDR blocks, for example 10.0.0.0/8) when " + prefix + ".enabled is true: "
					+ "otherwise anyone could claim any address");
		}
		return new ProxyProtocolProperties(this.enabled, parsed, this.headerTimeout);
	}

	/** The balancers' addresses, parsed. */
	AllowList trustedList() {
		return TcpServerSettings.allowList("trusted", this.trusted);
	}

}
