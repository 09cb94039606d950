package org.ackgate.tcp;

import org.jspecify.annotations.Nullable;

/** What an endpoint's "listening" line says of who may connect and how, whichever transport serves it. */
final class ListeningAccess {

	private ListeningAccess() {
	}

	/** Besides the address: TLS, PROXY protocol, allow-list, per-source limit; empty or ending in ", ". */
	static String describe(TcpServerSettings settings, @Nullable ServerTls serverTls) {
		StringBuilder access = new StringBuilder();
		if (serverTls != null) {
			access.append("TLS (").append(String.join(", ", serverTls.protocols())).append("; bundle '")
				.append(serverTls.properties().bundle()).append("', client-auth ")
				.append(serverTls.properties().clientAuth().label()).append("), ");
		}
		if (settings.proxyProtocol().enabled()) {
			access.append("PROXY protocol from ").append(settings.proxyProtocol().trustedList())
				.append(" within ").append(settings.proxyProtocol().headerTimeout().toMillis()).append(" ms, ");
		}
		if (!settings.allow().allowsEveryone()) {
			access.append("allowing ").append(settings.allow()).append(", ");
		}
		if (settings.maxConnectionsPerSource() > 0) {
			access.append("at most ").append(settings.maxConnectionsPerSource()).append(" per source address, ");
		}
		return access.toString();
	}

}
