package org.ackgate.tcp;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyDefaultsTests {

	@Test
	void theJfrEventsAndMultishotAcceptsAreOffWhenNothingWasSaid() {
		Properties properties = new Properties();
		NettyDefaults.applyUnlessSet(properties);
		assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
		assertThat(properties.getProperty("io.netty.iouring.acceptMultiShotEnabled")).isEqualTo("false");
	}

	@Test
	void anExplicitSettingIsKeptEitherWay() {
		for (String name : new String[] { "io.netty.jfr.enabled", "io.netty.iouring.acceptMultiShotEnabled" }) {
			for (String given : new String[] { "true", "false" }) {
				Properties properties = new Properties();
				properties.setProperty(name, given);
				NettyDefaults.applyUnlessSet(properties);
				assertThat(properties.getProperty(name)).as(name).isEqualTo(given);
			}
		}
	}

}
