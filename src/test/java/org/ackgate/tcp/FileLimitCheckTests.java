package org.ackgate.tcp;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class FileLimitCheckTests {

	private static TcpServerSettings endpoint(String name, int maxConnections) {
		return TcpServerSettings.forEndpoint(name)
			.backlog(1)
			.maxConnections(maxConnections)
			.maxMessageSize(DataSize.ofKilobytes(1))
			.readTimeout(Duration.ofSeconds(1))
			.writeTimeout(Duration.ofSeconds(1))
			.messageTimeout(Duration.ofSeconds(1))
			.build();
	}

	@Test
	void aFileLimitBelowTheEndpointsConnectionsIsSaidWithEachEndpointAndWhatToChange() {
		assertThat(FileLimitCheck.shortfall(List.of(endpoint("line", 10000), endpoint("framed", 10000),
				endpoint("time", 10000)), 20000))
			.isEqualTo("The TCP endpoints may hold 30000 connections (max-connections: line 10000, framed 10000, "
					+ "time 10000), each a file descriptor, but this process may open only 20000 files: past about "
					+ "19744 connections, accepts will fail until some close. Raise ulimit -n (systemd's LimitNOFILE, "
					+ "the container runtime's nofile) or lower max-connections");
	}

	@Test
	void aLimitWithRoomForEveryConnectionAndTheHeadroomIsNotMentioned() {
		List<TcpServerSettings> endpoints = List.of(endpoint("line", 10000), endpoint("time", 10000));
		assertThat(FileLimitCheck.shortfall(endpoints, 20000 + FileLimitCheck.HEADROOM)).isNull();
		assertThat(FileLimitCheck.shortfall(endpoints, 20000 + FileLimitCheck.HEADROOM - 1)).isNotNull();
		assertThat(FileLimitCheck.shortfall(endpoints, -1)).as("unknown limit").isNull();
		assertThat(FileLimitCheck.shortfall(List.of(), 10)).as("no TCP endpoint").isNull();
	}

}
