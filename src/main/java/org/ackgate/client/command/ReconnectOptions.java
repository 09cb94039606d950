package org.ackgate.client.command;

import picocli.CommandLine.Option;

import org.ackgate.client.transport.Reconnects;

/** How the commands that wait for acks survive a server that ends their connection between acks. */
public final class ReconnectOptions {

	@Option(names = "--max-reconnects", defaultValue = "" + Reconnects.DEFAULT_MAX_IN_A_ROW, paramLabel = "N",
			description = { "When the server closes or resets the connection between acks (ackgate does so after an "
					+ "ack when max-connection-age is set), connect again and send the messages it did not ack, "
					+ "up to N times in a row without an ack in between; the first at once, then after 100ms, "
					+ "200ms, … up to 2s. A wrong, cut-short or late ack is never retried. 0: send nothing again; "
					+ "a close that leaves a message without its ack fails (default: ${DEFAULT-VALUE})." })
	int maxReconnects;

	/**
	 * The reconnects of one connection.
	 * @param common the command's options, for the usage error of a negative count
	 */
	public Reconnects reconnects(CommonOptions common) {
		return new Reconnects(maxReconnects(common));
	}

	/**
	 * The limit.
	 * @param common the command's options, for the usage error of a negative count
	 */
	public int maxReconnects(CommonOptions common) {
		if (this.maxReconnects < 0) {
			throw common.usage("--max-reconnects must not be negative, was " + this.maxReconnects);
		}
		return this.maxReconnects;
	}

}
