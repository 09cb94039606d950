package org.ackgate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * An integration test class whose outcome cannot depend on {@code ackgate.tcp.transport} given to the
 * build: it sets the transport itself in every service it starts, or serves no line or framed endpoint
 * of ackgate's at all (the client against the tutorials' servers, UDP only). The pom's
 * {@code blocking-transport} execution leaves these out, since running them again there would run the
 * very same thing twice; every other integration test runs on both transports.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(TransportIndependent.TAG)
public @interface TransportIndependent {

	/** The tag's name, which the pom names in the execution's {@code excludedGroups}. */
	String TAG = "transport-independent";

}
