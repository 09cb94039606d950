package org.ackgate.client.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BenchOptionsTests {

	private final SizeConverter sizes = new SizeConverter();

	@Test
	void sizesInBytesOrBinaryUnits() {
		assertThat(this.sizes.convert("64")).isEqualTo(64);
		assertThat(this.sizes.convert("512B")).isEqualTo(512);
		assertThat(this.sizes.convert("16KB")).isEqualTo(16384);
		assertThat(this.sizes.convert("16KiB")).isEqualTo(16384);
		assertThat(this.sizes.convert("16kb")).isEqualTo(16384);
		assertThat(this.sizes.convert("1MB")).isEqualTo(1 << 20);
		assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> this.sizes.convert("-1"));
		assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> this.sizes.convert("many"));
	}

	@Test
	void limitsStopAtTheMessageCountOrTheDeadline() {
		BenchLimits count = new BenchLimits(1, 10, false, 0, 0);
		assertThat(count.maySend(9, 123)).isTrue();
		assertThat(count.maySend(10, 123)).isFalse();
		BenchLimits timed = new BenchLimits(1, 0, true, 1_000, 0);
		assertThat(timed.maySend(1_000_000, 999)).isTrue();
		assertThat(timed.maySend(0, 1_000)).isFalse();
		BenchLimits negativeClock = new BenchLimits(1, 0, true, Long.MIN_VALUE + 10, 0);
		assertThat(negativeClock.maySend(0, Long.MIN_VALUE + 5)).isTrue();
	}

}
