package org.ackgate.client.command;

/** Turns a {@code --send} text into bytes, reporting a bad escape as a usage error. */
final class SendOption {

	private SendOption() {
	}

	static byte[] bytes(CommonOptions common, String option, String text) {
		try {
			return Escapes.unescape(text);
		}
		catch (IllegalArgumentException ex) {
			throw common.usage(option + ": " + ex.getMessage());
		}
	}

}
