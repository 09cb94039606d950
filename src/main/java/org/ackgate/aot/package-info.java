/**
 * Starting from the bean graph Spring AOT fixed at build time, and only when it is this start's.
 *
 * <p>{@code process-aot} runs the service's configuration once at build time and writes the bean
 * definitions it chose out as code; {@code -Dspring.aot.enabled=true} starts from that code instead
 * of parsing the configuration classes and evaluating their conditions again. The choice was made
 * for the build's settings: an endpoint switched on, a Kafka ack mode, an actuator endpoint exposed
 * change it. So the build records every setting its conditions asked for ({@link AskedSettings},
 * {@link BuildSettingsWriter}), and a start asked to use the generated code compares them with its
 * own first ({@link BuildSettingsCheck}): on any difference it starts the ordinary way, saying which
 * setting differs. docs/performance.md, <em>Startup</em>, has the figures.
 */
package org.ackgate.aot;
