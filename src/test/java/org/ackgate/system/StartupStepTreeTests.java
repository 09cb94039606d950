package org.ackgate.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.ackgate.system.StartupStepTree.Step;

import static org.assertj.core.api.Assertions.assertThat;

class StartupStepTreeTests {

	@Test
	void subStepsFollowTheirParentInTheOrderTheyBeganAndOwnTimeLeavesThemOut() {
		// Buffered in the order the steps ended, as Spring's buffer holds them.
		List<Step> steps = List.of(new Step(3, 2L, "spring.beans.instantiate", "beanName=line", 30, ms(40)),
				new Step(4, 2L, "spring.beans.instantiate", "beanName=framed", 10, ms(15)),
				new Step(2, 1L, "spring.beans.instantiate", "beanName=flow", 5, ms(100)),
				new Step(1, null, "spring.context.refresh", "", 0, ms(300)),
				new Step(0, null, "spring.boot.application.environment-prepared", "", -50, ms(45)));

		assertThat(StartupStepTree.lines(steps)).containsExactly("ms\tself_ms\tdepth\tstep\ttags",
				"45.0\t45.0\t0\tspring.boot.application.environment-prepared\t",
				"300.0\t200.0\t0\tspring.context.refresh\t",
				"100.0\t45.0\t1\tspring.beans.instantiate\tbeanName=flow",
				"15.0\t15.0\t2\tspring.beans.instantiate\tbeanName=framed",
				"40.0\t40.0\t2\tspring.beans.instantiate\tbeanName=line");
	}

	@Test
	void aStepWhoseParentIsNotInTheBufferStandsAtTheTop() {
		List<Step> steps = List.of(new Step(7, 6L, "spring.beans.instantiate", "beanName=late", 0, ms(2.5)));

		assertThat(StartupStepTree.lines(steps)).containsExactly(StartupStepTree.HEADER,
				"2.5\t2.5\t0\tspring.beans.instantiate\tbeanName=late");
	}

	private static Duration ms(double millis) {
		return Duration.ofNanos((long) (millis * 1_000_000));
	}

}
