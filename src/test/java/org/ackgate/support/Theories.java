package org.ackgate.support;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories as this suite runs it, and the generators the codec properties share. A property
 * tries 200 examples (-DQT_EXAMPLES=… for more) from a fresh seed each run; a failure prints the
 * shrunk counterexample and its seed, and -DQT_SEED=… replays it.
 */
public final class Theories {

	private Theories() {
	}

	public static QuickTheory qt() {
		return QuickTheory.qt().withExamples(Integer.getInteger("QT_EXAMPLES", 200));
	}

	/** Bytes, mostly from {@code favourites} (a protocol's own letters), sometimes any byte. */
	public static Gen<Byte> bytesFavouring(String favourites) {
		List<Byte> letters = favourites.chars().mapToObj(c -> (byte) c).toList();
		return Generate.frequency(Pair.of(3, Generate.pick(letters)), Pair.of(1, Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)));
	}

	/** Arrays of up to {@code maxLength} such bytes, shown in hex. */
	public static Gen<byte[]> byteArrays(int maxLength, Gen<Byte> bytes) {
		return Generate.byteArrays(integers().between(0, maxLength), bytes).describedAs(Theories::hex);
	}

	/** How TCP might cut a stream: up to 30 pieces of 1–24 bytes, the rest in one. */
	public static Gen<int[]> pieces() {
		return lists().of(integers().between(1, 24))
			.ofSizeBetween(0, 30)
			.map(sizes -> sizes.stream().mapToInt(Integer::intValue).toArray())
			.describedAs(sizes -> "pieces " + Arrays.toString(sizes));
	}

	/** A frame reader's buffer: a byte at a time, smaller than a header, small, a connection's. */
	public static Gen<Integer> bufferSizes() {
		return Generate.pick(List.of(1, 3, 16, 8192)).describedAs(size -> "buffer " + size);
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	public static String hex(List<byte[]> list) {
		return list.stream().map(Theories::hex).collect(Collectors.joining(", ", "[", "]"));
	}

}
