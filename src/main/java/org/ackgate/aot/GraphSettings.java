package org.ackgate.aot;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;

/**
 * Which of the settings the build asked for can change the bean graph, and how the build and a
 * start read each, so that both compare like with like.
 *
 * <p>Most are read by name. Two ports are not: the actuator's configuration only asks whether
 * {@code management.server.port} is the web server's port, another one or -1, so the graph depends
 * on that answer and not on the numbers, which every deployment sets. The active profiles are
 * added, since a {@code @Profile} condition asks for them directly, not through a setting. Left
 * out: {@code logging.*},
 * which configures the logging system on every start whichever way the beans are defined, and the
 * process id and version Spring Boot puts in the environment, which differ on every start or build
 * and decide no bean.
 */
final class GraphSettings {

	static final String MANAGEMENT_PORT = "@management-port";

	static final String PROFILES = "@active-profiles";

	private static final Set<String> PORTS = Set.of("server.port", "management.server.port");

	private static final Set<String> PER_PROCESS = Set.of("spring.application.pid", "spring.application.version");

	private GraphSettings() {
	}

	/** The names to record and compare, from those the build asked for. */
	static Set<String> names(Collection<String> asked) {
		Set<String> names = new TreeSet<>();
		for (String name : asked) {
			if (PORTS.contains(name)) {
				names.add(MANAGEMENT_PORT);
			}
			else if (!name.startsWith("logging.") && !PER_PROCESS.contains(name)) {
				names.add(name);
			}
		}
		names.add(PROFILES);
		return names;
	}

	/** Reads a name {@link #names} gave, in this environment; {@code null} when unset. */
	static Function<String, String> in(Environment environment) {
		return name -> switch (name) {
			case MANAGEMENT_PORT -> ManagementPortType.get(environment).name();
			case PROFILES -> String.join(",", environment.getActiveProfiles());
			default -> environment.getProperty(name);
		};
	}

}
