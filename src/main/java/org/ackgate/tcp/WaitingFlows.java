package org.ackgate.tcp;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * How the event-loop transport runs the flow of a message some subscriber waits for: off the loop
 * on {@code executor}; or, while every such subscriber would promise its confirmation instead
 * ({@code promisesNow}), on the loop, the ack written when the promises are kept.
 * @param executor runs a message's flow off the loop, one message per connection at a time
 * @param promisesNow whether every waiting subscriber would promise now; {@code null} when one never does
 */
record WaitingFlows(Executor executor, @Nullable BooleanSupplier promisesNow) {

	/** Whether this message's flow may run on the loop, its subscribers promising their confirmations. */
	boolean promisedNow() {
		BooleanSupplier promises = this.promisesNow;
		return promises != null && promises.getAsBoolean();
	}

}
