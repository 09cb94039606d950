package org.ackgate.journal;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.tcp.GracefulDrain;
import org.ackgate.tcp.ShutdownProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's timers: when they stop relative to the rest of the service. */
class JournalMaintenanceTests {

	@Test
	void stopsAfterTheDrainAndTheInboundAdaptersSoAcksGivenWhileDrainingAreForced() {
		int drain = new GracefulDrain(event -> {
		}, List.of(), new ShutdownProperties(Duration.ZERO, Duration.ZERO)).getPhase();
		// Spring stops higher phases first; Spring Integration's inbound adapters stop at MAX_VALUE / 2.
		assertThat(JournalMaintenance.PHASE).isLessThan(drain).isLessThan(Integer.MAX_VALUE / 2);
	}

}
