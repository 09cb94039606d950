package org.ackgate.system;

import org.jspecify.annotations.Nullable;

/** An endpoint could not listen on its port; startup stops with one line naming both. */
public final class EndpointBindException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String endpoint;

	private final String transport;

	private final int port;

	public EndpointBindException(String endpoint, String transport, int port, @Nullable String bindAddress,
			Throwable cause) {
		super("Endpoint '" + endpoint + "' could not listen on " + transport + " port " + port
				+ ((bindAddress != null) ? " of " + bindAddress : "") + ": " + cause.getMessage(), cause);
		this.endpoint = endpoint;
		this.transport = transport;
		this.port = port;
	}

	public String endpoint() {
		return this.endpoint;
	}

	public String transport() {
		return this.transport;
	}

	public int port() {
		return this.port;
	}

}
