package org.ackgate.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromtoolCleanMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final PromtoolCleanMeters meters = new PromtoolCleanMeters();

	PromtoolCleanMetersTests() {
		this.registry.config().meterFilter(this.meters);
	}

	@Test
	void cpuTimesInAbbreviatedUnitsAreReplacedBySeconds() {
		FunctionCounter.builder("process.cpu.time", this, any -> 1).baseUnit("ns").register(this.registry);
		FunctionCounter.builder("jvm.compilation.time", this, any -> 1).baseUnit("ms").register(this.registry);
		this.meters.bindTo(this.registry);
		assertThat(this.registry.find("process.cpu.time").meters()).isEmpty();
		assertThat(this.registry.find("jvm.compilation.time").meters()).isEmpty();
		assertThat(this.registry.get("process.cpu").functionCounter().getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(this.registry.get("jvm.compilation").functionCounter().count()).isPositive();
	}

	@Test
	void cpuCountIsRenamedAndEveryMeterHasAHelpText() {
		Gauge.builder("system.cpu.count", () -> 2).register(this.registry);
		Counter.builder("http.server.requests").register(this.registry);
		assertThat(this.registry.get("system.cpus").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("system.cpus").gauge().getId().getDescription()).isNotBlank();
		assertThat(this.registry.get("http.server.requests").counter().getId().getDescription())
			.isEqualTo("HTTP requests served on the management port");
	}

}
