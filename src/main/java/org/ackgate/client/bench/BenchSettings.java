package org.ackgate.client.bench;

import java.time.Duration;

import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.Reconnects;
import org.ackgate.framed.AckFraming;

/**
 * One bench run, as the command line asked for it.
 * @param protocol what to talk
 * @param engine how to drive the connections
 * @param target where to, and the reply timeout
 * @param connections connections (UDP: sockets) at once
 * @param messagesPerConnection requests per connection, 0 for as many as {@code duration} allows
 * @param size payload bytes per request
 * @param duration how long to send, {@link Duration#ZERO} for no time limit
 * @param pipeline requests in flight per connection
 * @param threads event-loop threads of the socket engine
 * @param ackPrefix the line endpoint's ack prefix
 * @param ackText the framed endpoint's ack text
 * @param ackFraming how the framed endpoint frames its acks
 * @param receipt whether to send the framed-ack tutorial client's {@code ok} after each framed ack
 * @param maxReconnects TCP: reconnects in a row without an ack, after the server ends a connection
 * between acks, before the connection counts as failed; 0 for none
 */
public record BenchSettings(BenchProtocol protocol, BenchEngine engine, ClientTarget target, int connections,
		long messagesPerConnection, int size, Duration duration, int pipeline, int threads, String ackPrefix,
		String ackText, AckFraming ackFraming, boolean receipt, int maxReconnects) {

	/** The same load with other limits: {@code messagesPerConnection} 0 for none, {@code duration} zero for none. */
	BenchSettings withLimits(long messagesPerConnection, Duration duration) {
		return new BenchSettings(this.protocol, this.engine, this.target, this.connections, messagesPerConnection,
				this.size, duration, this.pipeline, this.threads, this.ackPrefix, this.ackText, this.ackFraming,
				this.receipt, this.maxReconnects);
	}

	/** The reconnects of one TCP connection. */
	Reconnects reconnects() {
		return new Reconnects(this.maxReconnects);
	}

	/** The longest reply the acks' decoders accept: the largest request plus room for any prefix. */
	int maxReplyLength() {
		return this.size + 64 * 1024;
	}

	BenchCodec codec(int connection) {
		return switch (this.protocol) {
			case LINE -> new LineBenchCodec(connection, this.size, this.ackPrefix, maxReplyLength());
			case FRAMED -> new FramedBenchCodec(connection, this.size, this.ackText, this.ackFraming, this.receipt,
					maxReplyLength());
			case UDP -> throw new IllegalStateException("UDP has no TCP codec");
		};
	}

}
