package org.ackgate.client.command;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DurationConverterTests {

	@Test
	void readsUnitsAndBareSeconds() {
		assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
		assertThat(DurationConverter.parse("5")).isEqualTo(Duration.ofSeconds(5));
		assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
		assertThat(DurationConverter.parse(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
		assertThat(DurationConverter.parse("PT0.5S")).isEqualTo(Duration.ofMillis(500));
		assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "-1s", "5x", "1.s", "PT-5S", "s" })
	void rejectsWhatIsNotADuration(String text) {
		assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> DurationConverter.parse(text))
			.withMessageContaining("is not a duration");
	}

}
