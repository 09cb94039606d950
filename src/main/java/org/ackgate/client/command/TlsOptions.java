package org.ackgate.client.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import org.ackgate.client.transport.ClientFailure;
import org.ackgate.client.transport.ClientTarget;
import org.ackgate.client.transport.ClientTls;

/**
 * The TLS options of the TCP commands. The PEM files are read by Spring Boot's PEM support, the
 * same code that reads the service's {@code spring.ssl.bundle.pem} bundles.
 */
public final class TlsOptions {

	@Spec(Spec.Target.MIXEE)
	CommandSpec command;

	@Option(names = "--tls", description = "Speak TLS (1.2 or 1.3); the server's certificate is verified against "
			+ "the JDK's trusted CAs, or --ca, and must name the host.")
	boolean tls;

	@Option(names = "--ca", paramLabel = "FILE",
			description = "With --tls: trust the CA certificates in this PEM file instead of the JDK's.")
	Path ca;

	@Option(names = "--cert", paramLabel = "FILE",
			description = "With --tls: present this PEM certificate (chain) to the server, for mutual TLS; needs --key.")
	Path cert;

	@Option(names = "--key", paramLabel = "FILE", description = "With --tls: the PEM private key of --cert (PKCS#8 or PKCS#1).")
	Path key;

	@Option(names = "--insecure",
			description = "With --tls: trust any certificate and any name (testing only; prints a warning on stderr).")
	boolean insecure;

	/**
	 * The target, with TLS when {@code --tls} was given.
	 * @throws ParameterException (exit status 2) for inconsistent or unreadable options
	 */
	public ClientTarget apply(ClientTarget target, ClientConsole console) {
		if (!this.tls) {
			if (this.ca != null || this.cert != null || this.key != null || this.insecure) {
				throw usage("--ca, --cert, --key and --insecure need --tls");
			}
			return target;
		}
		if ((this.cert == null) != (this.key == null)) {
			throw usage("--cert and --key go together");
		}
		if (this.insecure && this.ca != null) {
			throw usage("--insecure trusts every certificate; leave out --ca or --insecure");
		}
		readable("--ca", this.ca);
		readable("--cert", this.cert);
		readable("--key", this.key);
		if (this.insecure) {
			console.err().println("ackgate: warning: --insecure: the server's certificate is not verified; "
					+ "anyone on the path can read and change this connection");
		}
		return target.withTls(new ClientTls(context(), !this.insecure, this.cert != null));
	}

	private SSLContext context() {
		PemSslStoreDetails keyStore = (this.cert != null)
				? PemSslStoreDetails.forCertificate(location(this.cert)).withPrivateKey(location(this.key)) : null;
		PemSslStoreDetails trustStore = (this.ca != null) ? PemSslStoreDetails.forCertificate(location(this.ca)) : null;
		try {
			PemSslStoreBundle stores = new PemSslStoreBundle(keyStore, trustStore);
			SslManagerBundle managers = SslManagerBundle.from(stores, null);
			SSLContext context = SSLContext.getInstance(SslBundle.DEFAULT_PROTOCOL);
			context.init(ClientTls.alwaysPresenting(managers.getKeyManagers()),
					this.insecure ? ClientTls.trustingEveryone() : managers.getTrustManagers(), null);
			return context;
		}
		catch (NoSuchAlgorithmException | KeyManagementException ex) {
			throw new ClientFailure("TLS is not available in this JVM: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw usage("cannot use " + describe() + ": " + rootMessage(ex));
		}
	}

	private String describe() {
		StringBuilder files = new StringBuilder();
		if (this.ca != null) {
			files.append("--ca ").append(this.ca);
		}
		if (this.cert != null) {
			files.append((files.length() > 0) ? ", " : "").append("--cert ").append(this.cert).append(", --key ")
				.append(this.key);
		}
		return (files.length() > 0) ? files.toString() : "the JDK's trusted CAs";
	}

	private static String location(Path path) {
		return path.toAbsolutePath().toUri().toString();
	}

	private void readable(String option, Path path) {
		if (path != null && !Files.isReadable(path)) {
			throw usage(option + " " + path + ": no such file, or not readable");
		}
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	private ParameterException usage(String message) {
		return new ParameterException(this.command.commandLine(), message);
	}

}
