package org.ackgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import org.ackgate.client.command.ClientCli;
import org.ackgate.journal.cli.JournalCli;
import org.ackgate.system.CleanExitOnTerm;
import org.ackgate.system.StartupSteps;
import org.ackgate.tcp.NettyDefaults;

/**
 * Starts the service: every enabled endpoint listens, the actuator answers on its own port.
 * {@code client …} as the first argument runs a client command instead, {@code journal …} the
 * journal reader; neither starts a Spring context. A SIGTERM stops the service with exit code 0
 * once it has drained ({@link CleanExitOnTerm}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AckgateApplication {

	public static void main(String[] args) {
		if (ClientCli.isClientInvocation(args)) {
			ClientCli.main(args);
			return;
		}
		if (JournalCli.isJournalInvocation(args)) {
			JournalCli.main(args);
			return;
		}
		NettyDefaults.applyUnlessSet(System.getProperties());
		SpringApplication application = new SpringApplication(AckgateApplication.class);
		StartupSteps.recordIfAsked(application, System.getProperties());
		CleanExitOnTerm.install(application.run(args));
	}

}
