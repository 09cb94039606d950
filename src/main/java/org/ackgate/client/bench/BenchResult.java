package org.ackgate.client.bench;

import org.jspecify.annotations.Nullable;

/**
 * What a bench run measured.
 * @param settings what was asked for
 * @param sent requests written (each once, however often it was sent again)
 * @param acked replies that were exactly the expected ack, in order
 * @param lost requests whose reply never came (connection failed or reply too late)
 * @param mismatched replies that were not the expected ack (content, order, or shape for UDP)
 * @param errors connections that failed
 * @param firstError the first failure, as one line, or {@code null}
 * @param reconnects connections the server ended between acks and that were replaced
 * @param resent requests written again on a replacement connection
 * @param elapsedNanos from the start of the load to the last reply
 * @param latency the reply latencies
 */
record BenchResult(BenchSettings settings, long sent, long acked, long lost, long mismatched, long errors,
		@Nullable String firstError, long reconnects, long resent, long elapsedNanos, LatencySummary latency) {

	double elapsedSeconds() {
		return this.elapsedNanos / 1e9;
	}

	double messagesPerSecond() {
		return (this.elapsedNanos > 0) ? this.acked / elapsedSeconds() : 0;
	}

	/** Every request got exactly its ack. */
	boolean clean() {
		return this.lost == 0 && this.mismatched == 0 && this.errors == 0 && this.acked == this.sent;
	}

}
