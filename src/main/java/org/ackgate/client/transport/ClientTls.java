package org.ackgate.client.transport;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a command speaks TLS: the context its sockets come from, whether the server's name is
 * checked against its certificate, and whether the client presents a certificate of its own.
 * @param context makes the sockets (key material and trust)
 * @param verifyHostname check the certificate names the host connected to (off only with {@code --insecure})
 * @param presentsCertificate a client certificate is configured ({@code --cert}, {@code --key})
 */
public record ClientTls(SSLContext context, boolean verifyHostname, boolean presentsCertificate) {

	/** TLS 1.2 and 1.3, as the service serves. */
	static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	/** Sets what every client socket needs before its handshake: protocols and host name checking. */
	void configure(SSLSocket socket) {
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setProtocols(PROTOCOLS);
		// Host names and IP addresses alike are checked against the certificate's subject alternative names.
		parameters.setEndpointIdentificationAlgorithm(this.verifyHostname ? "HTTPS" : null);
		socket.setSSLParameters(parameters);
	}

	/**
	 * Key managers that present the configured certificate whatever CAs the server says it
	 * accepts, as openssl and curl do: the JDK's would otherwise send none when the issuer is not
	 * in the server's list, and the user would read "requires a client certificate" after giving one.
	 */
	public static KeyManager[] alwaysPresenting(KeyManager[] managers) {
		KeyManager[] presenting = managers.clone();
		for (int i = 0; i < presenting.length; i++) {
			if (presenting[i] instanceof X509ExtendedKeyManager keys) {
				presenting[i] = new PresentingKeyManager(keys);
			}
		}
		return presenting;
	}

	/** Trusts any certificate, for {@code --insecure}: extended, so the JDK adds no checks of its own. */
	public static TrustManager[] trustingEveryone() {
		return new TrustManager[] { new X509ExtendedTrustManager() {

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		} };
	}

	/** Chooses the client alias without regard to the issuers the server accepts. */
	private static final class PresentingKeyManager extends X509ExtendedKeyManager {

		private final X509ExtendedKeyManager delegate;

		PresentingKeyManager(X509ExtendedKeyManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
			return this.delegate.chooseClientAlias(keyTypes, null, socket);
		}

		@Override
		public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
			return this.delegate.chooseEngineClientAlias(keyTypes, null, engine);
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return this.delegate.getClientAliases(keyType, null);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.delegate.getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

}
