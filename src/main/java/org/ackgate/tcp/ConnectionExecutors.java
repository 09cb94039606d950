package org.ackgate.tcp;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import org.ackgate.system.SettingException;

/**
 * Makes each TCP endpoint's connection executor as {@link ThreadsProperties} asks, says at
 * startup which kind was chosen, and shuts the pools down with the context.
 */
public final class ConnectionExecutors implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ConnectionExecutors.class);

	/** The accept loop runs on the executor too, and a finishing thread may briefly overlap its successor. */
	private static final int SPARE_THREADS = 4;

	private final boolean virtual;

	private final ThreadsProperties.Mode mode;

	private final int javaFeatureVersion;

	private final List<ThreadPoolExecutor> pools = new CopyOnWriteArrayList<>();

	public ConnectionExecutors(ThreadsProperties properties, TransportProperties.Transport transport) {
		this(properties.mode(), Runtime.version().feature());
		log.info(describe(transport));
	}

	ConnectionExecutors(ThreadsProperties.Mode mode, int javaFeatureVersion) {
		boolean available = javaFeatureVersion >= 21;
		if (mode == ThreadsProperties.Mode.VIRTUAL && !available) {
			throw new SettingException("ackgate.threads.mode",
					"ackgate.threads.mode=virtual needs Java 21 or later; this is Java " + javaFeatureVersion,
					"Set ackgate.threads.mode=auto (virtual threads where Java has them, else platform threads) or "
							+ "platform, or run on Java 21 or later.");
		}
		this.virtual = (mode == ThreadsProperties.Mode.VIRTUAL) || (mode == ThreadsProperties.Mode.AUTO && available);
		this.mode = mode;
		this.javaFeatureVersion = javaFeatureVersion;
	}

	/*
	 * On the event loops only the endpoints that write on connect, and the messages handed off a loop,
	 * run on these threads; said so, since the loops' own line follows and would seem to contradict it.
	 */
	String describe(TransportProperties.Transport transport) {
		String served = (transport == TransportProperties.Transport.EVENT_LOOP)
				? "The time endpoints' connections, and ack messages handed off the event loops, are served by "
				: "TCP connections are served by ";
		return served + (this.virtual ? "virtual threads, one per connection"
				: "platform threads, one per connection, bounded by each endpoint's max-connections")
				+ " (Java " + this.javaFeatureVersion + ", ackgate.threads.mode="
				+ this.mode.name().toLowerCase(Locale.ROOT) + ")";
	}

	public boolean isVirtual() {
		return this.virtual;
	}

	public Executor forEndpoint(String endpoint, int maxConnections) {
		if (this.virtual) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(endpoint + "-");
			executor.setVirtualThreads(true);
			return executor;
		}
		ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxConnections + SPARE_THREADS, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new CustomizableThreadFactory(endpoint + "-"));
		this.pools.add(pool);
		return pool;
	}

	@Override
	public void destroy() {
		this.pools.forEach(ThreadPoolExecutor::shutdownNow);
	}

}
