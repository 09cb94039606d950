/** The client's picocli commands ({@code dial}, {@code line}, {@code framed}, {@code time}, {@code udp-time}), their shared options, and the process entry point {@link org.ackgate.client.command.ClientCli}. */
package org.ackgate.client.command;
