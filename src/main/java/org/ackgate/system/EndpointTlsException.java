package org.ackgate.system;

/**
 * An endpoint's TLS cannot be set up from its configuration (a missing SSL bundle, a bundle
 * without a key, protocols ackgate does not serve); startup stops with the message, which names
 * the property.
 */
public final class EndpointTlsException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	public EndpointTlsException(String property, String message, Throwable cause) {
		super(message, cause);
		this.property = property;
	}

	public EndpointTlsException(String property, String message) {
		super(message);
		this.property = property;
	}

	/** The property to change. */
	public String property() {
		return this.property;
	}

}
