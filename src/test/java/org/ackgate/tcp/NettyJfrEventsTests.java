package org.ackgate.tcp;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyJfrEventsTests {

	@Test
	void theEventsAreOffWhenNothingWasSaid() {
		Properties properties = new Properties();
		NettyJfrEvents.offUnlessSet(properties);
		assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
	}

	@Test
	void anExplicitSettingIsKeptEitherWay() {
		for (String given : new String[] { "true", "false" }) {
			Properties properties = new Properties();
			properties.setProperty("io.netty.jfr.enabled", given);
			NettyJfrEvents.offUnlessSet(properties);
			assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo(given);
		}
	}

}
