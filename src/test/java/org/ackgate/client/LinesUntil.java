package org.ackgate.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Standard input that is {@code <prefix><n>} lines, made as the reader asks for them, and that
 * ends only once at least {@code minimum} lines were read and {@code enough} holds (a service's
 * counter, say). A test that needs the service to have done something while the client ran
 * (closed connections for their age) then does not depend on how fast this machine sends a fixed
 * number of lines. {@code maximum} bounds it: past that many lines it ends anyway, and the test's
 * own assertion on what {@code enough} checks says what did not happen.
 */
final class LinesUntil extends InputStream {

	private final String prefix;

	private final int minimum;

	private final int maximum;

	private final BooleanSupplier enough;

	private final List<String> lines = new ArrayList<>();

	private byte[] current = new byte[0];

	private int position;

	LinesUntil(String prefix, int minimum, int maximum, BooleanSupplier enough) {
		this.prefix = prefix;
		this.minimum = minimum;
		this.maximum = maximum;
		this.enough = enough;
	}

	@Override
	public int read() {
		if (this.position == this.current.length && !nextLine()) {
			return -1;
		}
		return this.current[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.position == this.current.length && !nextLine()) {
			return -1;
		}
		int count = Math.min(length, this.current.length - this.position);
		System.arraycopy(this.current, this.position, buffer, offset, count);
		this.position += count;
		return count;
	}

	private boolean nextLine() {
		int made = this.lines.size();
		if (made >= this.maximum || (made >= this.minimum && this.enough.getAsBoolean())) {
			return false;
		}
		String line = this.prefix + made;
		this.lines.add(line);
		this.current = (line + "\n").getBytes(StandardCharsets.UTF_8);
		this.position = 0;
		return true;
	}

	/** Every line handed out so far, in order. */
	List<String> lines() {
		return List.copyOf(this.lines);
	}

}
