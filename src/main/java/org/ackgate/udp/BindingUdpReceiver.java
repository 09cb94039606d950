package org.ackgate.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import org.ackgate.net.AddressText;
import org.ackgate.system.EndpointBindException;

/**
 * Spring Integration's unicast UDP adapter with four changes: it binds when it starts instead
 * of on its receiving thread, so a port in use fails startup; it stamps each datagram with the
 * time it was read, on the receiving thread, before the queue (NTP's receive timestamp); it maps
 * every datagram, the empty one included (the stock mapper drops it); and it ignores the stock
 * mapper's {@code ip_ackTo} convention, which would let any sender make the service send packets
 * to an address of the sender's choosing.
 */
public final class BindingUdpReceiver extends UnicastReceivingChannelAdapter {

	/** The header with the {@link java.time.Instant} the datagram was read. */
	public static final String RECEIVED_AT = "ackgate_receivedAt";

	private static final Logger log = LoggerFactory.getLogger("org.ackgate.udp.UdpEndpoint");

	/** Larger than any UDP payload (65,507 bytes over IPv4), so no datagram is ever cut short. */
	static final int PACKET_BUFFER_SIZE = 65536;

	/** Used by the receiving thread only; each datagram is copied out at its own length. */
	private final byte[] receiveBuffer = new byte[PACKET_BUFFER_SIZE];

	private final String endpoint;

	private final Executor workers;

	private final Clock clock;

	public BindingUdpReceiver(String endpoint, int port, @Nullable String bindAddress, Executor workers, Clock clock) {
		super(port);
		this.endpoint = endpoint;
		this.workers = workers;
		this.clock = clock;
		setReceiveBufferSize(PACKET_BUFFER_SIZE);
		setLookupHost(false);
		// The adapter's own executor runs only the receiving loop; answers go to the workers.
		setPoolSize(1);
		if (bindAddress != null) {
			setLocalAddress(bindAddress);
		}
	}

	public String endpoint() {
		return this.endpoint;
	}

	@Override
	protected void doStart() {
		try {
			getSocket();
		}
		catch (MessagingException ex) {
			throw new EndpointBindException(this.endpoint, "UDP", super.getPort(), getLocalAddress(),
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		log.atInfo().addKeyValue("endpoint", this.endpoint).log("{} endpoint listening on UDP {}", this.endpoint,
				AddressText.listening(getSocket().getLocalAddress(), getSocket().getLocalPort()));
		super.doStart();
	}

	@Override
	protected DatagramPacket receive() throws IOException {
		DatagramPacket packet = new DatagramPacket(this.receiveBuffer, this.receiveBuffer.length);
		getSocket().receive(packet);
		byte[] datagram = Arrays.copyOf(this.receiveBuffer, packet.getLength());
		return new DatagramPacket(datagram, datagram.length, packet.getSocketAddress());
	}

	/*
	 * On the receiving thread: stamp and hand over. The workers' queue is bounded and drops when
	 * full, so this never blocks and never answers on the receiving thread.
	 */
	@Override
	protected boolean asyncSendMessage(DatagramPacket packet) {
		InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
		Message<byte[]> message = MessageBuilder.withPayload(packet.getData())
			.setHeader(IpHeaders.PACKET_ADDRESS, source)
			.setHeader(IpHeaders.IP_ADDRESS, AddressText.host(source.getAddress()))
			.setHeader(IpHeaders.PORT, source.getPort())
			.setHeader(RECEIVED_AT, this.clock.instant())
			.build();
		this.workers.execute(() -> answer(message, source));
		return true;
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

}
