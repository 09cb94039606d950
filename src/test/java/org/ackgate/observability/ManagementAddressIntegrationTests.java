package org.ackgate.observability;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The actuator binds to its own address: server.address, since the actuator is the service's only
 * web server. 127.0.0.2 is another loopback address, so a listener on 127.0.0.1 refuses it.
 */
class ManagementAddressIntegrationTests {

	@Test
	void theActuatorListensOnlyOnTheConfiguredAddress() throws IOException {
		// RunningService sets server.address=127.0.0.1, as an operator would.
		try (RunningService service = RunningService.start()) {
			assertThat(service.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			try (Socket other = new Socket()) {
				assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> other.connect(new InetSocketAddress("127.0.0.2", service.managementPort()), 5000));
			}
		}
	}

}
