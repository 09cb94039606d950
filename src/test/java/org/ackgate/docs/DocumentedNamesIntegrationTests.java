package org.ackgate.docs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import org.ackgate.support.FreePort;
import org.ackgate.support.TestService;
import org.ackgate.support.TransportIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean id and channel name written in README.md, README.zh-CN.md, SECURITY.md and docs/*.md
 * (by the convention {@link DocsText} reads) exists in the running service, started on port 0
 * with the optional features on, so a renamed flow step cannot linger in the docs.
 * <p>
 * A feature whose beans exist only with an external service (a Kafka broker, say) gets a context
 * below with that feature's configuration if its beans can be created without the service
 * (clients connect lazily), or else its names go into {@link #NOT_IN_A_CONTEXT} with the reason.
 */
@TransportIndependent
class DocumentedNamesIntegrationTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	/**
	 * Dotted names the docs write that are neither beans nor Helm values (those are checked against
	 * helm/ackgate/values.yaml), each with why; anything else must be a bean.
	 */
	static final Map<String, String> NOT_IN_A_CONTEXT = Map.of(
			"relay.cursor", "a file in the journal directory (docs/journal.md)",
			"kafka.version", "a Maven property in pom.xml (SECURITY.md)",
			"kafka.cursor", "a file in the journal directory (docs/kafka.md)");

	@TempDir
	static Path journal;

	private static final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

	@BeforeAll
	static void startTheServiceWithEveryFeatureOn() throws IOException {
		int nobodyListens = FreePort.onLoopback();
		String[] journalAndRelay = { "ackgate.journal.enabled=true", "ackgate.journal.directory=" + journal,
				"ackgate.relay.enabled=true", "ackgate.relay.host=127.0.0.1", "ackgate.relay.port=" + nobodyListens };
		// Every endpoint, RFC 868, the journal, the relay acking after its upstream, and Kafka acking
		// after the broker: its beans need no broker to exist (the topic guard retries in the
		// background), so an address where nobody listens will do.
		contexts.put("every endpoint + rfc868 + journal + relay ack-mode upstream + kafka ack-mode broker",
				start(journalAndRelay, "ackgate.rfc868.enabled=true", "ackgate.rfc868.port=0",
						"ackgate.rfc868.bind-address=127.0.0.1", "ackgate.relay.ack-mode=upstream",
						"ackgate.kafka.enabled=true", "ackgate.kafka.ack-mode=broker",
						"spring.kafka.bootstrap-servers=127.0.0.1:" + nobodyListens));
		// The relay forwarding from the journal: its forwarder exists only in this mode.
		contexts.put("journal + relay ack-mode local", start(journalAndRelay, "ackgate.relay.ack-mode=local"));
	}

	private static ConfigurableApplicationContext start(String[] common, String... more) {
		List<String> properties = new ArrayList<>(List.of(common));
		properties.addAll(List.of(more));
		// The names are the same on both transports: one is enough.
		properties.add("ackgate.tcp.transport=event-loop");
		return TestService.builder().run(TestService.arguments(properties.toArray(String[]::new)));
	}

	@AfterAll
	static void stop() {
		contexts.values().forEach(ConfigurableApplicationContext::close);
		contexts.clear();
	}

	@Test
	void everyBeanAndChannelTheDocsNameExists() {
		Set<String> beans = new TreeSet<>();
		contexts.values().forEach(context -> beans.addAll(List.of(context.getBeanDefinitionNames())));
		List<DocsText.Mention> mentions = new ArrayList<>();
		for (Path document : DocsText.documents(ROOT)) {
			mentions.addAll(DocsText.beanNames(ROOT.relativize(document).toString(), DocsText.lines(document)));
		}
		Set<String> helmValues = HelmValues.paths(ROOT.resolve(HelmValues.FILE));
		List<String> problems = DocsText.unknown(mentions,
				name -> beans.contains(name) || helmValues.contains(name) || NOT_IN_A_CONTEXT.containsKey(name),
				"is no bean or channel in any of these contexts: " + contexts.keySet() + ", and no value in "
						+ HelmValues.FILE);

		assertThat(mentions).extracting(DocsText.Mention::name)
			.contains("line.inbound", "line.requests", "line.responder", "ackgate.messages", "udp.replies");
		assertThat(problems).withFailMessage(
				"names in the docs that the running service (and the chart) does not have (rename them in the "
						+ "docs, or list them in NOT_IN_A_CONTEXT with the reason):%n%s",
				String.join("\n", problems))
			.isEmpty();
	}

	@Test
	void everyExceptionIsStillWrittenSomewhere() {
		Set<String> written = new TreeSet<>();
		for (Path document : DocsText.documents(ROOT)) {
			DocsText.beanNames("", DocsText.lines(document)).forEach(mention -> written.add(mention.name()));
		}
		assertThat(NOT_IN_A_CONTEXT.keySet())
			.withFailMessage("NOT_IN_A_CONTEXT lists names no doc writes any more: %s", NOT_IN_A_CONTEXT.keySet()
				.stream()
				.filter(name -> !written.contains(name))
				.toList())
			.allMatch(written::contains);
	}

}
