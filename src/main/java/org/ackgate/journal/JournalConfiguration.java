package org.ackgate.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import org.ackgate.messages.AcceptedMessage;
import org.ackgate.messages.WaitingSubscriber;
import org.ackgate.system.SettingException;

/**
 * With {@code ackgate.journal.enabled}: the journal, opened (and recovered) at startup, and
 * {@code journal.append}, a subscriber of {@code ackgate.messages} that returns only once the
 * message's record is appended, so the ack follows the append. The journal's health member is
 * there either way.
 */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

	/** The subscriber's endpoint id. */
	static final String APPEND = "journal.append";

	@Bean
	JournalHealthIndicator journalHealthIndicator(ObjectProvider<Journal> journal) {
		return new JournalHealthIndicator(journal.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ackgate.journal.enabled")
	static class Enabled {

		@Bean
		JournalMeters journalMeters(MeterRegistry registry) {
			return new JournalMeters(registry);
		}

		@Bean(destroyMethod = "close")
		Journal journal(JournalProperties properties, Clock clock, ObjectProvider<JournalStorage> storage,
				ObjectProvider<JournalEvents> events) {
			// The meters, and whatever else counts journal writes (Kafka's local-mode backlog).
			try {
				return Journal.open(properties.settings(), clock, storage.getIfAvailable(() -> JournalStorage.FILES),
						JournalEvents.all(events.orderedStream().toList()));
			}
			catch (JournalCorruptException ex) {
				// Reported by JournalFailureAnalyzer, with the file, the byte and what to do.
				throw new UncheckedIOException("journal in " + properties.directory() + " could not be opened: "
						+ ex.getMessage(), ex);
			}
			catch (IOException ex) {
				// A volume not mounted, read-only or owned by another user: the setting's problem, said in one report.
				throw new SettingException("ackgate.journal.directory",
						"ackgate.journal.directory=" + properties.directory() + " cannot be used for the journal: " + ex,
						"Point ackgate.journal.directory at a directory the service can create and write (in the Helm "
								+ "chart, the journal's volume), or fix the ownership of the one it names.");
			}
		}

		@Bean
		JournalMaintenance journalMaintenance(Journal journal) {
			return new JournalMaintenance(journal);
		}

		/* An append returns once the writer thread has the record on disk (and synced, as fsync says). */
		@Bean
		WaitingSubscriber journalWaits() {
			return new WaitingSubscriber("the journal, whose append waits for its record to be written");
		}

		@Bean
		IntegrationFlow journalAppendFlow(Journal journal) {
			return IntegrationFlow.from("ackgate.messages")
				.handle(AcceptedMessage.class, (message, headers) -> {
					journal.append(message.endpoint(), message.peer(), message.receivedAt(), message.payload());
					return null;
				}, endpoint -> endpoint.id(APPEND))
				.get();
		}

	}

}
