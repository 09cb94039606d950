package org.ackgate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's socket tables under /proc/net (tcp, tcp6, udp, udp6): one row per socket, its
 * fields split on blanks (1: local address as {@code HEXADDR:HEXPORT}, 3: state), for tests that
 * check what the service holds from the kernel's side. Tables this system lacks are skipped.
 */
public final class ProcNet {

	private ProcNet() {
	}

	/** Every socket row of the tables whose local port is {@code port}. */
	public static List<String[]> onPort(int port, String... tables) throws IOException {
		String localPort = String.format(Locale.ROOT, ":%04X", port);
		List<String[]> rows = new ArrayList<>();
		for (String table : tables) {
			Path path = Path.of("/proc/net", table);
			if (!Files.isReadable(path)) {
				continue;
			}
			List<String> lines = Files.readAllLines(path);
			for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 3 && fields[1].endsWith(localPort)) {
					rows.add(fields);
				}
			}
		}
		return rows;
	}

}
