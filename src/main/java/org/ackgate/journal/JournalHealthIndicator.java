package org.ackgate.journal;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The journal's member of the readiness group: DOWN while appends fail (checked again by a probe
 * that writes past the end of the journal and cuts it off) or are refused, UP otherwise; UP with
 * {@code enabled: false} when there is no journal, so the group's membership never depends on
 * configuration.
 */
final class JournalHealthIndicator implements HealthIndicator {

	private final @Nullable Journal journal;

	JournalHealthIndicator(@Nullable Journal journal) {
		this.journal = journal;
	}

	@Override
	public Health health() {
		Journal journal = this.journal;
		if (journal == null) {
			return Health.up().withDetail("enabled", false).build();
		}
		Health.Builder health;
		String refusal = journal.refusal();
		if (!journal.probe()) {
			health = Health.down().withDetail("reason", "journal append failed: " + journal.failure());
		}
		else if (refusal != null) {
			health = Health.down().withDetail("reason", "journal append refused: " + refusal);
		}
		else {
			health = Health.up();
		}
		return health.withDetail("enabled", true)
			.withDetail("directory", journal.settings().directory().toString())
			.withDetail("fsync", journal.settings().fsync().name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("segments", journal.segments().size())
			.withDetail("committedOffset", journal.committedOffset())
			.build();
	}

}
