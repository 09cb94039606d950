package org.ackgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import org.ackgate.client.transport.ClientTls;

/**
 * Certificates made at test time, written as PEM files into a directory: a CA, a server
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, a client certificate, an
 * expired server certificate, and a second CA with a server and a client certificate of its own.
 * EC P-256 keys, PKCS#8 PEM: what Spring Boot's PEM bundles and openssl read. No key is committed.
 */
public final class TestCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/** Makes every certificate into {@code directory}. */
	public static TestCertificates create(Path directory) {
		try {
			Files.createDirectories(directory);
			Instant now = Instant.now();
			Authority ca = Authority.create("ackgate test CA", now);
			Authority other = Authority.create("some other CA", now);
			TestCertificates certificates = new TestCertificates(directory);
			certificates.write("ca", ca.certificate(), null);
			certificates.write("other-ca", other.certificate(), null);
			certificates.leaf("server", ca, "localhost", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
			certificates.leaf("client", ca, "ackgate test client", false, now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)));
			certificates.leaf("expired", ca, "localhost", true, now.minus(Duration.ofDays(30)),
					now.minus(Duration.ofDays(1)));
			certificates.leaf("other-server", other, "localhost", true, now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)));
			certificates.leaf("other-client", other, "ackgate test client", false, now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(30)));
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code NAME.crt}: the certificate, PEM. */
	public Path certificate(String name) {
		return this.directory.resolve(name + ".crt");
	}

	/** {@code NAME.key}: the private key, PKCS#8 PEM. */
	public Path key(String name) {
		return this.directory.resolve(name + ".key");
	}

	/** The properties of a PEM SSL bundle serving {@code NAME}'s certificate, trusting {@code trusted}. */
	public String[] pemBundle(String bundle, String name, String trusted) {
		String prefix = "spring.ssl.bundle.pem." + bundle + ".";
		return new String[] { prefix + "keystore.certificate=" + certificate(name).toUri(),
				prefix + "keystore.private-key=" + key(name).toUri(),
				prefix + "truststore.certificate=" + certificate(trusted).toUri() };
	}

	/**
	 * A client's SSL context, read from the PEM files the way the service reads its bundle. The
	 * client presents its certificate whatever CAs the server names, as the CLI and openssl do
	 * (the JDK's own key manager would send none for another CA's certificate).
	 * @param identity whose certificate and key the client presents, or {@code null} for none
	 * @param trusted the CA whose certificates the client trusts
	 */
	public SSLContext clientContext(@Nullable String identity, String trusted) {
		PemSslStoreDetails keyStore = (identity != null)
				? PemSslStoreDetails.forCertificate(certificate(identity).toUri().toString())
					.withPrivateKey(key(identity).toUri().toString())
				: null;
		PemSslStoreDetails trustStore = PemSslStoreDetails.forCertificate(certificate(trusted).toUri().toString());
		SslManagerBundle managers = SslBundle.of(new PemSslStoreBundle(keyStore, trustStore)).getManagers();
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(ClientTls.alwaysPresenting(managers.getKeyManagers()), managers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void leaf(String name, Authority issuer, String commonName, boolean server, Instant from, Instant until)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		KeyPair keys = keyPair();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(),
				BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(until),
				new X500Name("CN=" + commonName), keys.getPublic());
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
		builder.addExtension(Extension.extendedKeyUsage, false,
				new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
		builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				extensions.createAuthorityKeyIdentifier(issuer.certificate()));
		if (server) {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.iPAddress, "::1") }));
		}
		write(name, sign(builder, issuer.keys()), keys);
	}

	private void write(String name, X509Certificate certificate, KeyPair keys) throws IOException,
			GeneralSecurityException {
		Files.writeString(certificate(name), pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
		if (keys != null) {
			Files.writeString(key(name), pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
			throws OperatorCreationException, GeneralSecurityException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
	}

	/** A self-signed CA: its certificate and the keys it signs with. */
	private record Authority(X509Certificate certificate, KeyPair keys) {

		static Authority create(String name, Instant now) throws GeneralSecurityException, OperatorCreationException,
				IOException {
			KeyPair keys = keyPair();
			X500Name subject = new X500Name("CN=" + name);
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofDays(60))),
					Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
			return new Authority(sign(builder, keys), keys);
		}

	}

}
