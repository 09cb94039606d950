package org.ackgate.tcp;

import java.util.function.Consumer;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;

import org.ackgate.net.ServedOnRelease;

/**
 * One TCP endpoint's server side as the rest of ackgate sees it, whichever transport serves its
 * connections ({@code ackgate.tcp.transport}): a thread per connection
 * ({@link BlockingServerConnectionFactory}) or event loops ({@link LoopServerConnectionFactory}).
 * Both are Spring Integration server connection factories, so the endpoint's gateway or adapter
 * is built over {@link #connectionFactory()} the same way. Started, it binds; it accepts once
 * released ({@link ServedOnRelease}).
 */
public interface EndpointServerConnectionFactory extends ServedOnRelease {

	/** The factory the endpoint's inbound gateway or adapter is built over: this object. */
	AbstractServerConnectionFactory connectionFactory();

	TcpServerSettings settings();

	/** Who may connect, and how many are connected now. */
	ConnectionAdmission admission();

	/** The open connections, their deadlines and the drain. */
	OpenConnections connections();

	/** Where the endpoint's connection events are logged and observed; metrics add their observer here. */
	ConnectionEvents events();

	/** Whether the endpoint speaks TLS. */
	boolean isTls();

	/** The port actually bound, also when 0 was configured; the configured port before binding. */
	int getPort();

	/** Whether the factory was started and not stopped. */
	boolean isRunning();

	/** Whether the listening socket is open, so the kernel completes connections to it. */
	boolean isAccepting();

	/** Closes the listening socket and leaves open connections be, so they can drain. */
	void stopAccepting();

	/** From now on messages are refused, not handed off. */
	void startDraining();

	/**
	 * Hears each connection once it is open (after the TLS handshake, before anything is read);
	 * see {@link ConnectionOpenedProducer}.
	 */
	void whenOpened(Consumer<TcpConnection> listener);

	/** How many connections Spring Integration's registry holds: the open ones, and closed ones not yet swept. */
	int registeredConnections();

}
