package org.ackgate.client;

import java.net.Socket;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
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

	/** Trusts any certificate, for {@code --insecure}: extended, so the JDK adds no checks of its own. */
	static TrustManager[] trustingEveryone() {
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

}
