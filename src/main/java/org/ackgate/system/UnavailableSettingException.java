package org.ackgate.system;

/**
 * A setting asks for something this machine or container does not offer (a kernel interface, a
 * native library); startup stops with the message, which names the property, and what to do.
 */
public final class UnavailableSettingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String action;

	/**
	 * @param property the property to change
	 * @param message what was asked for and why it is not available
	 * @param action what to do instead, in a sentence
	 */
	public UnavailableSettingException(String property, String message, String action) {
		super(message);
		this.property = property;
		this.action = action;
	}

	/** The property to change. */
	public String property() {
		return this.property;
	}

	/** What to do instead. */
	public String action() {
		return this.action;
	}

}
