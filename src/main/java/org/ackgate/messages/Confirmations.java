package org.ackgate.messages;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The confirmations a message's subscribers promise instead of waiting for them, on a connection
 * whose transport writes the ack once they have all come: the event-loop transport, whose threads
 * serve many connections and must not wait for a broker. A subscriber that finds this open in the
 * message's {@link #HEADER} may {@link #promise} its confirmation and return at once; otherwise it
 * waits, as on any other connection.
 * <p>
 * One per connection, reused: a connection has one message in its flow at a time, and the flow
 * runs on one thread from {@link #open()} to {@link #close()}, so nothing here is shared.
 */
public final class Confirmations {

	/** The header of an accepted message that carries its connection's confirmations while they are open. */
	public static final String HEADER = "ackgate_confirmations";

	private boolean open;

	private @Nullable CompletableFuture<?> promised;

	/** Opens for the next message: its subscribers may promise. */
	public void open() {
		this.open = true;
		this.promised = null;
	}

	/** Whether a subscriber may promise now, instead of waiting. */
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * Promises a confirmation: the ack waits for it, and is not written if it fails.
	 * @throws IllegalStateException when not open: the subscriber must wait instead
	 */
	public void promise(CompletableFuture<?> confirmation) {
		if (!this.open) {
			throw new IllegalStateException("confirmations are not open: the subscriber must wait for its own");
		}
		CompletableFuture<?> earlier = this.promised;
		this.promised = (earlier == null) ? confirmation : CompletableFuture.allOf(earlier, confirmation);
	}

	/**
	 * Closes after the message's flow returned.
	 * @return what completes once every promised confirmation came (exceptionally if one failed), or
	 * {@code null} when nothing was promised and the ack may be written now
	 */
	public @Nullable CompletableFuture<?> close() {
		CompletableFuture<?> all = this.promised;
		this.open = false;
		this.promised = null;
		return all;
	}

	/** The open confirmations a message's headers carry, or {@code null}: the subscriber waits. */
	public static @Nullable Confirmations openIn(Map<String, Object> headers) {
		return (headers.get(HEADER) instanceof Confirmations confirmations && confirmations.open) ? confirmations
				: null;
	}

}
