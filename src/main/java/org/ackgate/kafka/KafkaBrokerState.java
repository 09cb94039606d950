package org.ackgate.kafka;

import org.jspecify.annotations.Nullable;

/**
 * What is known of the brokers: the last check of the brokers and the topic, and the last send.
 * Either failing makes the {@code kafka} health member DOWN in {@code broker} mode; a check that
 * passes clears both, so readiness comes back after an outage without traffic to prove it.
 */
final class KafkaBrokerState {

	private volatile @Nullable String checkProblem = "the brokers have not been checked yet";

	private volatile @Nullable String sendProblem;

	/** Why the topic cannot be written, as the last check found; null when it can. */
	@Nullable String checkProblem() {
		return this.checkProblem;
	}

	/** Why records are not confirmed now; null when the last check and the last send succeeded. */
	@Nullable String problem() {
		String check = this.checkProblem;
		return (check != null) ? check : this.sendProblem;
	}

	void checked(@Nullable String problem) {
		this.checkProblem = problem;
		if (problem == null) {
			this.sendProblem = null;
		}
	}

	void sent() {
		this.sendProblem = null;
	}

	void sendFailed(String problem) {
		this.sendProblem = problem;
	}

}
