package org.ackgate.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import org.ackgate.net.AddressText;
import org.ackgate.net.ServedOnRelease;
import org.ackgate.system.EndpointBindException;

/**
 * A Spring Integration UDP inbound adapter whose receiving threads also answer: each datagram is
 * stamped as it is read (NTP's receive timestamp) and sent into the flow on the same thread, so
 * with a {@code DirectChannel} the reply is written before the next datagram is read — no
 * hand-off to a queue. Every receiver has its own non-blocking socket on the port
 * ({@code SO_REUSEPORT}, so the kernel spreads sources over them), which lets {@link UdpReplySender}
 * send without ever blocking the loop. It binds when it starts, so a port in use fails startup, and
 * reads once released ({@link ServedOnRelease}); it maps every datagram, the empty one included; and
 * it has no {@code ip_ackTo} convention, which in the stock adapter would let any sender make the
 * service send packets to an address of the sender's choosing.
 */
public final class BindingUdpReceiver extends AbstractInternetProtocolReceivingChannelAdapter
		implements ServedOnRelease {

	/** The header with the {@link java.time.Instant} the datagram was read. */
	public static final String RECEIVED_AT = "ackgate_receivedAt";

	/** The header with the {@link DatagramChannel} the datagram came in on, which the reply leaves from. */
	public static final String REPLY_CHANNEL = "ackgate_udpSocket";

	private static final Logger log = LoggerFactory.getLogger("org.ackgate.udp.UdpEndpoint");

	/** Larger than any UDP payload (65,507 bytes over IPv4), so no datagram is ever cut short. */
	static final int PACKET_BUFFER_SIZE = 65536;

	/** A bound on how long a loop can miss a stop whose wake-up came before it blocked. */
	private static final long STOP_CHECK_MILLIS = 1000;

	private final String endpoint;

	private final int receivers;

	private final Clock clock;

	private final List<DatagramChannel> channels = new CopyOnWriteArrayList<>();

	private final List<Selector> selectors = new CopyOnWriteArrayList<>();

	private final AtomicInteger nextChannel = new AtomicInteger();

	private final AtomicInteger loopsRunning = new AtomicInteger();

	private volatile int boundPort;

	private volatile boolean released;

	/** Receive loops bound for and not started yet, because the endpoint was not released. */
	private int loopsWaiting;

	private int soSendBufferSize;

	/**
	 * @param receivers threads, each with its own socket on the port; 1 where the platform has no
	 * {@code SO_REUSEPORT}
	 */
	public BindingUdpReceiver(String endpoint, int port, @Nullable String bindAddress, int receivers, Clock clock) {
		super(port);
		this.endpoint = endpoint;
		this.receivers = receivers;
		this.clock = clock;
		this.boundPort = port;
		if (bindAddress != null) {
			setLocalAddress(bindAddress);
		}
	}

	public String endpoint() {
		return this.endpoint;
	}

	/** The port bound, once started (the one configured before). */
	@Override
	public int getPort() {
		return this.boundPort;
	}

	/** How many receiving sockets are bound on the port. */
	public int receivers() {
		return this.channels.size();
	}

	@Override
	public void setSoSendBufferSize(int size) {
		this.soSendBufferSize = size;
	}

	@Override
	public String getComponentType() {
		return "ackgate:udp-inbound-channel-adapter";
	}

	@Override
	protected void doStart() {
		this.nextChannel.set(0);
		int wanted = this.receivers;
		try {
			DatagramChannel first = open(super.getPort(), wanted > 1);
			if (wanted > 1 && !first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
				log.info("{} endpoint: this platform has no SO_REUSEPORT, so one receiver instead of {}", this.endpoint,
						wanted);
				wanted = 1;
			}
			this.boundPort = ((InetSocketAddress) first.getLocalAddress()).getPort();
			for (int i = 1; i < wanted; i++) {
				open(this.boundPort, true);
			}
		}
		catch (IOException | RuntimeException ex) {
			closeChannels();
			throw new EndpointBindException(this.endpoint, "UDP", super.getPort(), getLocalAddress(), ex);
		}
		log.atInfo().addKeyValue("endpoint", this.endpoint).log("{} endpoint listening on UDP {} ({} receiver{})",
				this.endpoint, localAddress(), wanted, (wanted == 1) ? "" : "s");
		setPoolSize(wanted);
		String name = getComponentName();
		checkTaskExecutor(((name != null) ? name : this.endpoint) + "-receiver");
		this.loopsWaiting = wanted;
		if (this.released) {
			startLoops();
		}
	}

	/* Until released, datagrams wait in the socket's receive buffer (ServedOnRelease). */
	@Override
	public void release() {
		this.lifecycleLock.lock();
		try {
			this.released = true;
			if (isActive()) {
				startLoops();
			}
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	private void startLoops() {
		for (; this.loopsWaiting > 0; this.loopsWaiting--) {
			getTaskExecutor().execute(this);
		}
	}

	private DatagramChannel open(int port, boolean reusePort) throws IOException {
		DatagramChannel channel = DatagramChannel.open();
		this.channels.add(channel);
		if (reusePort && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
			channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		}
		if (this.soSendBufferSize > 0) {
			channel.setOption(StandardSocketOptions.SO_SNDBUF, this.soSendBufferSize);
		}
		if (getSoReceiveBufferSize() > 0) {
			channel.setOption(StandardSocketOptions.SO_RCVBUF, getSoReceiveBufferSize());
		}
		String address = getLocalAddress();
		channel.bind((address != null) ? new InetSocketAddress(address, port) : new InetSocketAddress(port));
		channel.configureBlocking(false);
		return channel;
	}

	private String localAddress() {
		try {
			InetSocketAddress bound = (InetSocketAddress) this.channels.get(0).getLocalAddress();
			return AddressText.listening(bound.getAddress(), bound.getPort());
		}
		catch (IOException ex) {
			return "port " + this.boundPort;
		}
	}

	/** One receive loop; the executor runs one per socket. */
	@Override
	public void run() {
		int index = this.nextChannel.getAndIncrement();
		if (index >= this.channels.size()) {
			return;
		}
		DatagramChannel channel = this.channels.get(index);
		this.loopsRunning.incrementAndGet();
		setListening(true);
		try (Selector selector = Selector.open()) {
			this.selectors.add(selector);
			channel.register(selector, SelectionKey.OP_READ);
			ByteBuffer buffer = ByteBuffer.allocateDirect(PACKET_BUFFER_SIZE);
			while (isActive() && channel.isOpen()) {
				selector.select(STOP_CHECK_MILLIS);
				selector.selectedKeys().clear();
				receiveAll(channel, buffer);
			}
		}
		catch (ClosedChannelException | ClosedSelectorException ex) {
			// stopping
		}
		catch (IOException | RuntimeException ex) {
			if (isActive()) {
				log.atError()
					.addKeyValue("endpoint", this.endpoint)
					.log("{} endpoint: a receive loop stopped: {}", this.endpoint, ex.toString());
			}
		}
		finally {
			if (this.loopsRunning.decrementAndGet() == 0 || isActive()) {
				setListening(false);
			}
		}
	}

	/* Until the socket is empty: read, stamp, and answer on this thread. */
	private void receiveAll(DatagramChannel channel, ByteBuffer buffer) throws IOException {
		while (true) {
			buffer.clear();
			InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
			if (source == null) {
				return;
			}
			// Built directly rather than through a MessageBuilder, whose headers are copied twice.
			Message<byte[]> message = new GenericMessage<>(copy(buffer.flip()), Map.of(RECEIVED_AT,
					this.clock.instant(), IpHeaders.PACKET_ADDRESS, source, REPLY_CHANNEL, channel));
			answer(message, source);
		}
	}

	private static byte[] copy(ByteBuffer datagram) {
		byte[] bytes = new byte[datagram.remaining()];
		datagram.get(bytes);
		return bytes;
	}

	private void answer(Message<byte[]> message, InetSocketAddress source) {
		try {
			sendMessage(message);
		}
		catch (RuntimeException ex) {
			log.atWarn()
				.addKeyValue("endpoint", this.endpoint)
				.addKeyValue("peer", source.toString())
				.log("{} request from {} not answered: {}", this.endpoint, source, ex.toString());
		}
	}

	@Override
	protected void doStop() {
		closeChannels();
		for (Selector selector : this.selectors) {
			selector.wakeup();
		}
		this.selectors.clear();
		super.doStop();
	}

	private void closeChannels() {
		List<DatagramChannel> open = new ArrayList<>(this.channels);
		this.channels.clear();
		for (DatagramChannel channel : open) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				log.debug("{} endpoint: closing a socket failed: {}", this.endpoint, ex.toString());
			}
		}
	}

}
