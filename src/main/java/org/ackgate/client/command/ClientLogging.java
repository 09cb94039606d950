package org.ackgate.client.command;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Logging for a client process, where Spring Boot's logging system never starts: silent by
 * default (Spring Integration logs a connection failure with a stack trace, and the command
 * already says it in one line), warnings and ackgate's debug lines on stderr with
 * {@code --verbose}. Never touches the logging of a process that is not a client.
 */
final class ClientLogging {

	private ClientLogging() {
	}

	static void quiet() {
		configure(Level.OFF, Level.OFF);
	}

	static void verbose() {
		configure(Level.WARN, Level.DEBUG);
	}

	private static void configure(Level rootLevel, Level ackgateLevel) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		context.reset();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(rootLevel);
		context.getLogger("org.ackgate").setLevel(ackgateLevel);
		if (rootLevel != Level.OFF || ackgateLevel != Level.OFF) {
			PatternLayoutEncoder encoder = new PatternLayoutEncoder();
			encoder.setContext(context);
			encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36}: %msg%n");
			encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
			encoder.start();
			ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
			appender.setContext(context);
			appender.setTarget("System.err");
			appender.setEncoder(encoder);
			appender.start();
			root.addAppender(appender);
		}
	}

}
