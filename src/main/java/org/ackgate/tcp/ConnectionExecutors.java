package org.ackgate.tcp;

import java.util.List;
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

	private final List<ThreadPoolExecutor> pools = new CopyOnWriteArrayList<>();

	public ConnectionExecutors(ThreadsProperties properties) {
		this(properties.mode(), Runtime.version().feature());
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
		log.info("TCP connections are served by {} (Java {}, ackgate.threads.mode={})",
				this.virtual ? "virtual threads, one per connection"
						: "platform threads, one per connection, bounded by each endpoint's max-connections",
				javaFeatureVersion, mode.name().toLowerCase(java.util.Locale.ROOT));
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
