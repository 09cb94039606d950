package org.ackgate.tcp;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.UnixOperatingSystemMXBean;
import org.jspecify.annotations.Nullable;

/**
 * A listening socket that could not accept because the process or the machine ran out of
 * something that frees up again as connections close: file descriptors, or kernel memory for
 * sockets. Such an accept is retried after {@link #RETRY} instead of ending the endpoint (Spring
 * Integration's accept loop stops its factory on any accept error) or retrying at once (Netty's
 * io_uring loop did, about 200,000 times a second, each with a WARN line). Meanwhile new
 * connections wait in the kernel's listen backlog, as they do for a slow accept.
 * @param errno the C name of the condition: {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS} or
 * {@code ENOMEM}
 */
record AcceptShortage(String errno) {

	/** How long accepting pauses after a failed accept: ten failed system calls a second at most, per socket. */
	static final Duration RETRY = Duration.ofMillis(100);

	/**
	 * The shortage a failed accept reports, or {@code null} for any other failure. Both the JDK
	 * and Netty's native transports put the C library's text for the error number in the message
	 * ("io_uring accept(..) failed with error(-24): Too many open files").
	 */
	static @Nullable AcceptShortage of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message == null) {
				continue;
			}
			if (message.contains("Too many open files in system")) {
				return new AcceptShortage("ENFILE");
			}
			if (message.contains("Too many open files")) {
				return new AcceptShortage("EMFILE");
			}
			if (message.contains("No buffer space available")) {
				return new AcceptShortage("ENOBUFS");
			}
			if (message.contains("Cannot allocate memory")) {
				return new AcceptShortage("ENOMEM");
			}
		}
		return null;
	}

	/**
	 * What ran out, for an operator, with what to change.
	 * @param fileLimit the process's limit on open files, or -1 when not known
	 */
	String describe(long fileLimit) {
		return switch (this.errno) {
			case "EMFILE" -> "the process has no file descriptors left (Too many open files; "
					+ ((fileLimit >= 0) ? "it may open " + fileLimit + "; " : "")
					+ "raise ulimit -n or systemd's LimitNOFILE, or lower max-connections)";
			case "ENFILE" -> "the machine has no file descriptors left (Too many open files in system; raise fs.file-max)";
			case "ENOBUFS" -> "the kernel has no buffer space for another socket (No buffer space available)";
			default -> "the kernel has no memory for another socket (Cannot allocate memory)";
		};
	}

	/** This process's limit on open files, or -1 where the JDK does not say. */
	static long processFileLimit() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)
				? unix.getMaxFileDescriptorCount() : -1;
	}

}
