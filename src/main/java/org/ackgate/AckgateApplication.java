package org.ackgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the service: every enabled endpoint listens, the actuator answers on its own port. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AckgateApplication {

	public static void main(String[] args) {
		SpringApplication.run(AckgateApplication.class, args);
	}

}
