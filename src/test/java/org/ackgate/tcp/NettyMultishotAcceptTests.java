package org.ackgate.tcp;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyMultishotAcceptTests {

	@Test
	void multishotAcceptIsOffWhenNothingWasSaid() {
		Properties properties = new Properties();
		NettyMultishotAccept.offUnlessSet(properties);
		assertThat(properties.getProperty("io.netty.iouring.acceptMultiShotEnabled")).isEqualTo("false");
	}

	@Test
	void anExplicitSettingIsKeptEitherWay() {
		for (String given : new String[] { "true", "false" }) {
			Properties properties = new Properties();
			properties.setProperty("io.netty.iouring.acceptMultiShotEnabled", given);
			NettyMultishotAccept.offUnlessSet(properties);
			assertThat(properties.getProperty("io.netty.iouring.acceptMultiShotEnabled")).isEqualTo(given);
		}
	}

}
