package org.ackgate.tcp;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpSSLContextSupport;

import org.ackgate.system.EndpointTlsException;

/**
 * Layers TLS over the sockets one endpoint accepts, in server mode, TLS 1.2 and 1.3 only, with
 * the client-certificate policy configured. Wrapping does no I/O: the handshake runs later, on
 * the connection's own thread ({@link TlsHandshake}).
 * <p>
 * Why not Spring Integration's own TLS path ({@code DefaultTcpNetSSLSocketFactorySupport}, whose
 * {@code SSLServerSocketFactory} makes the listening socket an {@code SSLServerSocket})? The
 * endpoint's {@link EndpointServerSocket} must stay a plain {@code ServerSocket} it controls, to
 * apply the allow-list and the connection limits to the bare TCP connection before any TLS state
 * or thread is spent on it, and the JDK's {@code SSLServerSocket} cannot be extended to do so.
 * And that support reads its {@code SSLContext} once, in its constructor, while a reloaded
 * bundle must apply to the next connection. So the context still comes through Spring
 * Integration's {@link TcpSSLContextSupport} (here backed by a Spring Boot SSL bundle), and the
 * socket factory is taken from it afresh whenever the context changes.
 */
final class ServerTls {

	/** The protocols ever enabled, newest first; the bundle's {@code enabled-protocols} can only narrow them. */
	static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	private final String endpoint;

	private final TcpSslProperties properties;

	private volatile Material material;

	ServerTls(String endpoint, TcpSslProperties properties, TcpSSLContextSupport context,
			@Nullable String[] protocols, @Nullable String[] ciphers) {
		this.endpoint = endpoint;
		this.properties = properties;
		this.material = material(context, protocols, ciphers);
	}

	/** Takes new key material for the connections accepted from now on; open ones keep theirs. */
	void update(TcpSSLContextSupport context, @Nullable String[] protocols, @Nullable String[] ciphers) {
		this.material = material(context, protocols, ciphers);
	}

	TcpSslProperties properties() {
		return this.properties;
	}

	/** The protocols a wrapped socket enables. */
	List<String> protocols() {
		return List.of(this.material.protocols());
	}

	/**
	 * Layers TLS over an accepted socket; closing the result closes the socket.
	 * @throws IOException when the socket is already unusable (the peer reset it)
	 */
	SSLSocket wrap(Socket accepted) throws IOException {
		Material current = this.material;
		SSLSocket tls = (SSLSocket) current.factory()
			.createSocket(accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
		tls.setUseClientMode(false);
		tls.setSSLParameters(parameters(tls.getSSLParameters(), current));
		return tls;
	}

	private Material material(TcpSSLContextSupport support, @Nullable String[] protocols,
			@Nullable String[] ciphers) {
		SSLContext context;
		try {
			context = support.getSSLContext();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new EndpointTlsException("ackgate." + this.endpoint + ".ssl.bundle", "ackgate." + this.endpoint
					+ ".ssl.bundle: the SSL bundle '" + this.properties.bundle() + "' gives no usable SSL context: "
					+ ex.getMessage(), ex);
		}
		List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
		List<String> wanted = (protocols != null) ? Arrays.asList(protocols) : PROTOCOLS;
		String[] enabled = PROTOCOLS.stream().filter(wanted::contains).filter(supported::contains).toArray(String[]::new);
		if (enabled.length == 0) {
			throw new EndpointTlsException("ackgate." + this.endpoint + ".ssl.bundle", "ackgate." + this.endpoint
					+ ".ssl: the SSL bundle '" + this.properties.bundle() + "' enables " + wanted
					+ ", but ackgate serves only " + PROTOCOLS);
		}
		return new Material(context, context.getSocketFactory(), enabled, ciphers);
	}

	/**
	 * A server-side engine for one connection of the event-loop transport, with the same protocols,
	 * ciphers and client-certificate policy as {@link #wrap} gives a socket.
	 */
	SSLEngine newEngine() {
		Material current = this.material;
		SSLEngine engine = current.context().createSSLEngine();
		engine.setUseClientMode(false);
		engine.setSSLParameters(parameters(engine.getSSLParameters(), current));
		return engine;
	}

	private SSLParameters parameters(SSLParameters parameters, Material current) {
		parameters.setProtocols(current.protocols());
		if (current.ciphers() != null) {
			parameters.setCipherSuites(current.ciphers());
		}
		// Client certificates are checked against the trust store, not against the client's address.
		parameters.setEndpointIdentificationAlgorithm(null);
		switch (this.properties.clientAuth()) {
			case NEED -> parameters.setNeedClientAuth(true);
			case WANT -> parameters.setWantClientAuth(true);
			case NONE -> {
				parameters.setNeedClientAuth(false);
				parameters.setWantClientAuth(false);
			}
		}
		return parameters;
	}

	private record Material(SSLContext context, SSLSocketFactory factory, String[] protocols,
			@Nullable String[] ciphers) {
	}

}
