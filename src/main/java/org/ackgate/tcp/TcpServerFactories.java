package org.ackgate.tcp;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.integration.ip.tcp.serializer.ByteArrayRawSerializer;
import org.springframework.scheduling.TaskScheduler;

import org.ackgate.system.EndpointTlsException;
import org.ackgate.messages.WaitingSubscriber;
import org.ackgate.wire.FrameDecoder;
import org.ackgate.wire.IncrementalDecoder;

/**
 * Makes the connection factory of a TCP endpoint: its settings, its codec, its executor, and its
 * TLS from the Spring Boot SSL bundle the settings name. Replies go out as the bytes the flow
 * built, framing included, so every ack is one write.
 */
public final class TcpServerFactories implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TcpServerFactories.class);

	private final ConnectionExecutors executors;

	private final TaskScheduler scheduler;

	private final @Nullable SslBundles sslBundles;

	private final TransportProperties transport;

	private final List<WaitingSubscriber> waitingSubscribers;

	private final IncompleteMessageMemory incompleteMessages;

	private @Nullable EventLoops loops;

	TcpServerFactories(ConnectionExecutors executors, TaskScheduler scheduler, @Nullable SslBundles sslBundles,
			TransportProperties transport, List<WaitingSubscriber> waitingSubscribers) {
		this.executors = executors;
		this.scheduler = scheduler;
		this.sslBundles = sslBundles;
		this.transport = transport;
		this.waitingSubscribers = waitingSubscribers;
		this.incompleteMessages = new IncompleteMessageMemory(transport.incompleteMessageBytes());
	}

	/**
	 * Makes the connection factory of an ack endpoint, on the transport {@code ackgate.tcp.transport}
	 * names.
	 * @param decoder the endpoint's codec for a thread that reads a connection
	 * @param incremental the same codec for an event loop, one per connection, given the endpoint's
	 * events and the peer
	 */
	public EndpointServerConnectionFactory create(TcpServerSettings settings,
			Function<ConnectionEvents, FrameDecoder> decoder,
			BiFunction<ConnectionEvents, String, IncrementalDecoder> incremental) {
		if (this.transport.transport() == TransportProperties.Transport.BLOCKING) {
			return create(settings, decoder);
		}
		WaitingFlows offload = null;
		if (!this.waitingSubscribers.isEmpty()) {
			offload = new WaitingFlows(this.executors.forEndpoint(settings.endpoint() + "-flow", settings.maxConnections()),
					promisesNow(this.waitingSubscribers));
			String waiting = this.waitingSubscribers.stream()
				.map(WaitingSubscriber::what)
				.collect(Collectors.joining(", and "));
			if (offload.promisesNow() != null) {
				log.info("{}: messages stay on the event loop, each ack written when its confirmation comes, as long as {}, "
						+ "can take them without waiting; otherwise they are handed off the loop, one per connection at a time",
						settings.endpoint(), waiting);
			}
			else {
				log.info("{}: messages are handed off the event loop, one per connection at a time, for {}",
						settings.endpoint(), waiting);
			}
		}
		return new LoopServerConnectionFactory(settings, loops(), incremental, offload, this.scheduler,
				settings.ssl().enabled() ? tls(settings.endpoint(), settings.ssl()) : null, this.incompleteMessages);
	}

	/* All of them, or none: one that waits makes every message of the endpoint leave the loop. */
	private static @Nullable BooleanSupplier promisesNow(List<WaitingSubscriber> subscribers) {
		List<BooleanSupplier> promises = subscribers.stream().map(WaitingSubscriber::promisesNow).toList();
		if (promises.contains(null)) {
			return null;
		}
		return () -> {
			for (BooleanSupplier promise : promises) {
				if (!promise.getAsBoolean()) {
					return false;
				}
			}
			return true;
		};
	}

	private synchronized EventLoops loops() {
		EventLoops made = this.loops;
		if (made == null) {
			made = new EventLoops(this.transport);
			this.loops = made;
		}
		return made;
	}

	/* After the endpoints were stopped and destroyed: they depend on this bean. */
	@Override
	public synchronized void destroy() {
		EventLoops made = this.loops;
		if (made != null) {
			made.destroy();
		}
	}

	/**
	 * Makes the connection factory of an endpoint served a thread per connection whatever the
	 * transport: those that write on connect.
	 * @param decoder makes the endpoint's codec; it gets the endpoint's events, for codecs that
	 * report what they consumed besides messages
	 * @throws EndpointTlsException naming the property when the SSL bundle is missing or unusable
	 */
	public EndpointServerConnectionFactory create(TcpServerSettings settings,
			Function<ConnectionEvents, FrameDecoder> decoder) {
		BlockingServerConnectionFactory factory = new BlockingServerConnectionFactory(settings,
				this.executors.forEndpoint(settings.endpoint(), settings.maxConnections()), this.scheduler,
				settings.ssl().enabled() ? tls(settings.endpoint(), settings.ssl()) : null, this.incompleteMessages);
		factory.setDeserializer(new FrameDeserializer(decoder.apply(factory.events())));
		factory.setSerializer(new ByteArrayRawSerializer());
		return factory;
	}

	/*
	 * The bundle's SSL context reaches ServerTls through Spring Integration's TcpSSLContextSupport.
	 * Boot calls the update handler when a bundle with reload-on-update sees its files change; the
	 * new material applies to connections accepted from then on.
	 */
	private ServerTls tls(String endpoint, TcpSslProperties properties) {
		String property = "ackgate." + endpoint + ".ssl.bundle";
		String name = properties.bundle();
		SslBundle bundle;
		try {
			if (this.sslBundles == null) {
				throw new NoSuchSslBundleException(name, "no SSL bundles in this application");
			}
			bundle = this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new EndpointTlsException(property, property + " is '" + name + "', but no SSL bundle of that name is "
					+ "configured: define spring.ssl.bundle.pem." + name + " (PEM files) or spring.ssl.bundle.jks." + name
					+ " (a key store)", ex);
		}
		check(endpoint, name, bundle, properties);
		ServerTls tls = new ServerTls(endpoint, properties, bundle::createSslContext,
				bundle.getOptions().getEnabledProtocols(), bundle.getOptions().getCiphers());
		this.sslBundles.addBundleUpdateHandler(name, updated -> {
			try {
				check(endpoint, name, updated, properties);
				tls.update(updated::createSslContext, updated.getOptions().getEnabledProtocols(),
						updated.getOptions().getCiphers());
				log.info("{}: SSL bundle '{}' reloaded; new connections use it", endpoint, name);
			}
			catch (RuntimeException ex) {
				log.error("{}: SSL bundle '{}' changed but cannot be used, keeping the previous one: {}", endpoint, name,
						ex.getMessage());
			}
		});
		return tls;
	}

	private static void check(String endpoint, String name, SslBundle bundle, TcpSslProperties properties) {
		if (bundle.getStores().getKeyStore() == null) {
			throw new EndpointTlsException("ackgate." + endpoint + ".ssl.bundle", "ackgate." + endpoint
					+ ".ssl.bundle: SSL bundle '" + name + "' has no key store, so no certificate to serve (set "
					+ "spring.ssl.bundle.pem." + name + ".keystore.certificate and .private-key)");
		}
		if (properties.clientAuth() != TcpSslProperties.ClientAuth.NONE && bundle.getStores().getTrustStore() == null) {
			throw new EndpointTlsException("ackgate." + endpoint + ".ssl.client-auth", "ackgate." + endpoint
					+ ".ssl.client-auth is " + properties.clientAuth().label() + ", but SSL bundle '" + name + "' has no trust store to check "
					+ "client certificates against (set spring.ssl.bundle.pem." + name + ".truststore.certificate)");
		}
	}

}
