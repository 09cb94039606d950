package org.ackgate.support;

/** The cause chain of a failure, as a test asserting why startup failed reads it. */
public final class Causes {

	private Causes() {
	}

	/**
	 * The first throwable of the type in the chain from {@code failure} down.
	 * @throws AssertionError when there is none, carrying the failure
	 */
	public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
	}

}
