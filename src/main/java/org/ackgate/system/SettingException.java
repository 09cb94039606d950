package org.ackgate.system;

/**
 * A setting that cannot work: it asks for what this machine or Java does not offer (a kernel
 * interface, virtual threads on Java 17), or contradicts another setting. Startup stops with a
 * short report of the message, which names the property, and of what to do instead.
 */
public final class SettingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String action;

	/**
	 * @param property the property to change
	 * @param message what was asked for, and why it cannot work
	 * @param action what to do instead, in a sentence
	 */
	public SettingException(String property, String message, String action) {
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
