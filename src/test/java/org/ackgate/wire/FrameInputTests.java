package org.ackgate.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.ackgate.support.ChunkedInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameInputTests {

	private static final byte LF = '\n';

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> lines(FrameInput input, int max) throws IOException {
		List<String> lines = new ArrayList<>();
		byte[] line;
		while ((line = input.readUntil(LF, max)) != null) {
			lines.add(new String(line, StandardCharsets.UTF_8));
		}
		return lines;
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 5, 7, 64, 4096 })
	void linesComeOutTheSameWhateverTheChunkSizeAndBufferSize(int chunk) throws IOException {
		byte[] data = bytes("hello\r\n\n已接收\nlast\n");
		for (int bufferSize : new int[] { 1, 3, 8192 }) {
			FrameInput input = FrameInput.buffered(new ChunkedInputStream(data, chunk), bufferSize, "p", n -> {
			});
			assertThat(lines(input, 100)).containsExactly("hello\r", "", "已接收", "last");
		}
	}

	@Test
	void theBufferStartsSmallAndGrowsForBulkSendersSoLargeLinesTakeFewReads() throws IOException {
		byte[] line = new byte[16 * 1024];
		java.util.Arrays.fill(line, (byte) 'x');
		byte[] data = new byte[2 * (line.length + 1)];
		System.arraycopy(line, 0, data, 0, line.length);
		data[line.length] = LF;
		System.arraycopy(line, 0, data, line.length + 1, line.length);
		data[data.length - 1] = LF;
		List<Integer> reads = new ArrayList<>();
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(data), 64 * 1024, "p", reads::add);
		assertThat(input.readUntil(LF, line.length)).isEqualTo(line);
		assertThat(input.readUntil(LF, line.length)).isEqualTo(line);
		assertThat(input.readUntil(LF, line.length)).isNull();
		// 512, 1 KiB, 2 KiB, ... each read filling the buffer doubles it, up to the limit.
		assertThat(reads.get(0)).isEqualTo(FrameInput.INITIAL_BUFFER_SIZE);
		assertThat(reads).hasSizeLessThanOrEqualTo(9).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(64 * 1024));
		assertThat(reads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(data.length);
	}

	@Test
	void aMessageIsInProgressOnlyWhileTheReaderWaitsForItsRest() throws IOException {
		List<Long> startsSeenWhileReading = new ArrayList<>();
		FrameInput[] holder = new FrameInput[1];
		// Each chunk is one read; before every read after the first, record what the reader reports.
		ChunkedInputStream chunks = new ChunkedInputStream(bytes("ab\ncd\nef"), 3);
		java.io.InputStream source = new java.io.InputStream() {

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (holder[0] != null) {
					startsSeenWhileReading.add(holder[0].messageStartNanos());
				}
				return chunks.read(b, off, len);
			}

		};
		FrameInput input = FrameInput.buffered(source, 8192, "p", n -> {
		});
		holder[0] = input;
		input.markBoundary();
		assertThat(input.readUntil(LF, 10)).isEqualTo(bytes("ab")); // read 1: "ab\n"
		input.markBoundary();
		assertThat(input.messageStartNanos()).isZero();
		assertThat(input.readUntil(LF, 10)).isEqualTo(bytes("cd")); // read 2 "cd\n": waiting between messages
		input.markBoundary();
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> input.readUntil(LF, 10)); // "ef", then end
		// Before read 2 the reader was between messages; before the final read it was inside "ef".
		assertThat(startsSeenWhileReading).hasSize(4);
		assertThat(startsSeenWhileReading.get(0)).isZero();
		assertThat(startsSeenWhileReading.get(1)).isZero();
		assertThat(startsSeenWhileReading.get(2)).isZero();
		assertThat(startsSeenWhileReading.get(3)).isNotZero().isEqualTo(input.lastReadNanos());
	}

	@Test
	void aSourceThatReturnsNothingIsAnErrorNotStaleBytesOrASpin() {
		java.io.InputStream zeroAfterFour = new java.io.InputStream() {

			private int calls;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (this.calls++ == 0) {
					System.arraycopy(bytes("abcd"), 0, b, off, 4);
					return 4;
				}
				return 0;
			}

		};
		FrameInput input = FrameInput.buffered(zeroAfterFour, 4, "p", n -> {
		});
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> input.readUntil(LF, 100))
			.withMessageContaining("no bytes");
	}

	@Test
	void theBufferNeverGrowsPastItsLimit() throws IOException {
		byte[] data = bytes("a".repeat(5000) + "\n");
		List<Integer> reads = new ArrayList<>();
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(data), 1000, "p", reads::add);
		assertThat(input.readUntil(LF, 6000)).hasSize(5000);
		assertThat(reads).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1000));
	}

	@Test
	void lineOfExactlyTheMaximumIsAcceptedAndOneMoreIsOversize() throws IOException {
		FrameInput ok = FrameInput.buffered(new ByteArrayInputStream(bytes("abcde\n")), 2, "p", n -> {
		});
		assertThat(ok.readUntil(LF, 5)).isEqualTo(bytes("abcde"));
		FrameInput tooLong = FrameInput.buffered(new ByteArrayInputStream(bytes("abcdef\n")), 8192, "p", n -> {
		});
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> tooLong.readUntil(LF, 5))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.OVERSIZE));
	}

	@Test
	void oversizeIsReportedBeforeTheTerminatorArrives() {
		// An endless line must not be buffered: the reader gives up once the maximum is passed.
		byte[] endless = new byte[1 << 20];
		ChunkedInputStream source = new ChunkedInputStream(endless, 10);
		FrameInput input = FrameInput.buffered(source, 10, "p", n -> {
		});
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> input.readUntil(LF, 100));
		assertThat(source.reads()).isLessThanOrEqualTo(11);
	}

	@Test
	void endOfStreamBetweenMessagesIsCleanAndInsideOneIsTruncated() throws IOException {
		FrameInput clean = FrameInput.buffered(new ByteArrayInputStream(bytes("a\n")), 16, "p", n -> {
		});
		assertThat(clean.readUntil(LF, 10)).isEqualTo(bytes("a"));
		assertThat(clean.readUntil(LF, 10)).isNull();
		FrameInput cut = FrameInput.buffered(new ChunkedInputStream(bytes("partial"), 3), 16, "p", n -> {
		});
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> cut.readUntil(LF, 10))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED));
	}

	@Test
	void readExactlyCrossesReadsAndReportsTruncation() throws IOException {
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(bytes("0123456789"), 3), 4, "p", n -> {
		});
		assertThat(input.readExactly(7)).isEqualTo(bytes("0123456"));
		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> input.readExactly(4))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED));
	}

	@Test
	void readAvailableReturnsWhatArrivedBoundedByTheMaximum() throws IOException {
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(bytes("abcdefgh"), 5), 64, "p", n -> {
		});
		assertThat(input.readAvailable(3)).isEqualTo(bytes("abc"));
		assertThat(input.readAvailable(10)).isEqualTo(bytes("de"));
		assertThat(input.readAvailable(10)).isEqualTo(bytes("fgh"));
		assertThat(input.readAvailable(10)).isNull();
	}

	@Test
	void everyReadFromTheSourceIsReported() throws IOException {
		AtomicLong total = new AtomicLong();
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(bytes("one\ntwo\n"), 3), 64, "p",
				total::addAndGet);
		lines(input, 10);
		assertThat(total).hasValue(8);
	}

	@Test
	void aPlainStreamIsReadWithoutReadingAhead() throws IOException {
		ByteArrayInputStream source = new ByteArrayInputStream(bytes("one\ntwo\n"));
		assertThat(FrameInput.of(source).readUntil(LF, 10)).isEqualTo(bytes("one"));
		// A second wrapper made for the next call still finds the next message.
		assertThat(FrameInput.of(source).readUntil(LF, 10)).isEqualTo(bytes("two"));
	}

	/** The InputStream side, for readers that take a stream: bulk reads take what is buffered first. */
	@Test
	void bulkReadsTakeWhatIsBufferedAndReportTheEndOfTheStream() throws IOException {
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(bytes("abcdef"), 4), 8192, "p", n -> {
		});
		byte[] target = new byte[10];
		assertThat(input.read(target, 0, 0)).isZero();
		assertThat(input.read(target, 1, 3)).isEqualTo(3);
		assertThat(new String(target, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
		assertThat(input.read(target, 0, 10)).as("only what the first read left").isEqualTo(1);
		assertThat((char) target[0]).isEqualTo('d');
		assertThat(input.read()).isEqualTo('e');
		assertThat(input.read(target, 0, 10)).isEqualTo(1);
		assertThat((char) target[0]).isEqualTo('f');
		assertThat(input.read(target, 0, 10)).isEqualTo(-1);
		assertThat(input.read()).isEqualTo(-1);
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> input.read(target, 8, 3));
	}

	@Test
	void availableCountsTheBufferedBytesAndTheSources() throws IOException {
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(bytes("abcdefgh")), 4, "p", n -> {
		});
		assertThat(input.read()).isEqualTo('a');
		// Three bytes left of the first read ("bcd"), plus the four the source still holds.
		assertThat(input.available()).isEqualTo(7);
		assertThat(input.readExactly(2)).isEqualTo(bytes("bc"));
		assertThat(input.available()).isEqualTo(5);
	}

	@Test
	void closingTheReaderClosesItsSourceAndItKnowsItsPeer() throws IOException {
		boolean[] closed = new boolean[1];
		java.io.InputStream source = new ByteArrayInputStream(bytes("x")) {

			@Override
			public void close() {
				closed[0] = true;
			}

		};
		FrameInput input = FrameInput.buffered(source, 16, "10.0.0.7:51234", n -> {
		});
		assertThat(input.peer()).isEqualTo("10.0.0.7:51234");
		input.close();
		assertThat(closed[0]).isTrue();
		assertThat(FrameInput.of(new ByteArrayInputStream(new byte[0])).peer()).isEqualTo("?");
	}

	@Test
	void aReaderPassedAsAStreamIsReusedNotWrapped() throws IOException {
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(bytes("one\ntwo\n")), 8192, "p", n -> {
		});
		assertThat(FrameInput.of(input)).isSameAs(input);
		assertThat(FrameInput.of(input).readUntil(LF, 10)).isEqualTo(bytes("one"));
		// What the first call read ahead is still there for the next.
		assertThat(FrameInput.of(input).readUntil(LF, 10)).isEqualTo(bytes("two"));
	}

	@Test
	void aBufferOfOneByteStillReadsEverything() throws IOException {
		List<Integer> reads = new ArrayList<>();
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(bytes("ab\n")), 1, "p", reads::add);
		assertThat(input.readUntil(LF, 10)).isEqualTo(bytes("ab"));
		assertThat(reads).containsExactly(1, 1, 1);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> FrameInput.buffered(new ByteArrayInputStream(new byte[0]), 0, "p", n -> {
			}));
	}

	/**
	 * A message whose first read brings one byte and whose second brings hundreds: the array that
	 * collects it grows by what arrived, not only by doubling.
	 */
	@Test
	void aMessageThatStartsWithATinyReadAndGoesOnWithALargeOneComesOutWhole() throws IOException {
		byte[] rest = new byte[301];
		java.util.Arrays.fill(rest, (byte) 'b');
		rest[300] = LF;
		java.util.Iterator<byte[]> reads = List.of(bytes("a"), rest).iterator();
		java.io.InputStream source = new java.io.InputStream() {

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (!reads.hasNext()) {
					return -1;
				}
				byte[] next = reads.next();
				System.arraycopy(next, 0, b, off, next.length);
				return next.length;
			}

		};
		FrameInput input = FrameInput.buffered(source, 8192, "p", n -> {
		});
		byte[] line = input.readUntil(LF, 1000);
		assertThat(line).hasSize(301);
		assertThat(line[0]).isEqualTo((byte) 'a');
		assertThat(new String(line, 1, 300, StandardCharsets.US_ASCII)).isEqualTo("b".repeat(300));
		assertThat(input.readUntil(LF, 1000)).isNull();
	}

	/** A message that had to be waited for is in progress until the decoder marks its end. */
	@Test
	void markingABoundaryEndsTheMessageInProgress() throws IOException {
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(bytes("ab\ncd\n"), 2), 8192, "p", n -> {
		});
		input.markBoundary();
		assertThat(input.readUntil(LF, 10)).isEqualTo(bytes("ab"));
		assertThat(input.messageStartNanos()).as("\"ab\" had to wait for its LF").isNotZero();
		input.markBoundary();
		assertThat(input.messageStartNanos()).isZero();
	}


	/** A {@link MessageMemory} with a bound, which remembers the most it held and what it held at each read. */
	private static final class BoundedMemory implements MessageMemory {

		private final long limit;

		private long held;

		private long most;

		BoundedMemory(long limit) {
			this.limit = limit;
		}

		@Override
		public boolean tryHold(long bytes) {
			if (this.held + bytes > this.limit) {
				return false;
			}
			this.held += bytes;
			this.most = Math.max(this.most, this.held);
			return true;
		}

		@Override
		public void release(long bytes) {
			this.held -= bytes;
			assertThat(this.held).as("released more than was held").isNotNegative();
		}

	}

	/** Serves the given pieces one per read (split further only by the reader's buffer) and notes what the memory held as each read began. */
	private static java.io.InputStream pieces(BoundedMemory memory, List<Long> heldAtRead, byte[]... pieces) {
		java.util.ArrayDeque<java.nio.ByteBuffer> left = new java.util.ArrayDeque<>();
		for (byte[] piece : pieces) {
			left.add(java.nio.ByteBuffer.wrap(piece));
		}
		return new java.io.InputStream() {

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] target, int offset, int length) {
				heldAtRead.add(memory.held);
				java.nio.ByteBuffer piece = left.peek();
				if (piece == null) {
					return -1;
				}
				int take = Math.min(length, piece.remaining());
				piece.get(target, offset, take);
				if (!piece.hasRemaining()) {
					left.remove();
				}
				return take;
			}

		};
	}

	private static byte[] line(int length) {
		byte[] line = new byte[length + 1];
		java.util.Arrays.fill(line, (byte) 'x');
		line[length] = LF;
		return line;
	}

	@Test
	void aMessageGatheredOverSeveralReadsIsHeldUntilItIsWholeAndThenGivenBack() throws IOException {
		BoundedMemory memory = new BoundedMemory(Long.MAX_VALUE);
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(line(3000), 700), 64 * 1024, "p", n -> {
		}, memory);
		input.markBoundary();
		assertThat(input.readUntil(LF, 5000)).hasSize(3000);
		assertThat(memory.most).as("the gathered message and the grown buffer").isGreaterThanOrEqualTo(3000);
		input.markBoundary();
		assertThat(input.readUntil(LF, 5000)).isNull();
		assertThat(memory.held).isZero();
	}

	@Test
	void aMessageThatCannotBeHeldIsRefusedAndWhatItHeldIsGivenBack() {
		BoundedMemory memory = new BoundedMemory(2000);
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(line(3000), 700), 64 * 1024, "p", n -> {
		}, memory);
		assertThatExceptionOfType(MessageMemoryRefused.class).isThrownBy(() -> input.readUntil(LF, 5000))
			.withMessageContaining("incomplete message");
		assertThat(memory.held).as("only the read buffer, until the connection is done").isLessThanOrEqualTo(1024);
		input.releaseMemory();
		assertThat(memory.held).isZero();
	}

	@Test
	void aBufferThatMayNotGrowReadsOnInSmallerReads() throws IOException {
		byte[] data = bytes("a\n".repeat(1000));
		List<Integer> reads = new ArrayList<>();
		BoundedMemory memory = new BoundedMemory(0);
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(data), 64 * 1024, "p", reads::add, memory);
		assertThat(lines(input, 10)).hasSize(1000).containsOnly("a");
		assertThat(reads).hasSize(4).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(FrameInput.INITIAL_BUFFER_SIZE));
		assertThat(memory.most).isZero();
	}

	/**
	 * A peer that sent a large message and now waits (for its ack, or for hours) does not keep a
	 * grown buffer while the reader waits for it; its next message's reads grow straight back.
	 */
	@Test
	void aGrownBufferIsGivenBackBetweenMessagesWhenNothingMoreIsOnItsWay() throws IOException {
		BoundedMemory memory = new BoundedMemory(Long.MAX_VALUE);
		List<Long> heldAtRead = new ArrayList<>();
		List<Integer> reads = new ArrayList<>();
		FrameInput input = FrameInput.buffered(pieces(memory, heldAtRead, line(5000), line(5000)), 64 * 1024, "p",
				reads::add, memory);
		input.markBoundary();
		assertThat(input.readUntil(LF, 6000)).hasSize(5000);
		assertThat(reads).containsExactly(512, 1024, 2048, 1417);
		int firstMessageReads = reads.size();
		input.markBoundary();
		assertThat(input.readUntil(LF, 6000)).hasSize(5000);
		assertThat(heldAtRead.get(firstMessageReads)).as("held while waiting for the second message").isZero();
		assertThat(reads.subList(firstMessageReads, reads.size())).containsExactly(512, 4096, 393);
		input.markBoundary();
		assertThat(input.readUntil(LF, 6000)).isNull();
		assertThat(memory.held).isZero();
	}

	@Test
	void aGrownBufferIsKeptWhileMoreIsAlreadyWaiting() throws IOException {
		byte[] data = new byte[2 * 5001];
		System.arraycopy(line(5000), 0, data, 0, 5001);
		System.arraycopy(line(5000), 0, data, 5001, 5001);
		List<Integer> reads = new ArrayList<>();
		BoundedMemory memory = new BoundedMemory(Long.MAX_VALUE);
		FrameInput input = FrameInput.buffered(new ByteArrayInputStream(data), 64 * 1024, "p", reads::add, memory);
		input.markBoundary();
		assertThat(input.readUntil(LF, 6000)).hasSize(5000);
		input.markBoundary();
		assertThat(input.readUntil(LF, 6000)).hasSize(5000);
		assertThat(reads).as("never back to 512 bytes: the bytes were waiting").containsExactly(512, 1024, 2048, 4096, 2322);
	}

	@Test
	void aFrameWhoseRestIsOnItsWayIsHeldWholeAndOneAlreadyHereIsNot() throws IOException {
		byte[] data = new byte[100];
		BoundedMemory memory = new BoundedMemory(Long.MAX_VALUE);
		FrameInput input = FrameInput.buffered(new ChunkedInputStream(data, 10), 64 * 1024, "p", n -> {
		}, memory);
		assertThat(input.read()).isZero();
		assertThat(input.readExactly(5)).hasSize(5);
		assertThat(memory.most).as("all five were in the buffer").isZero();
		assertThat(input.readExactly(50)).hasSize(50);
		assertThat(memory.most).isEqualTo(50);
		assertThat(memory.held).isZero();

		BoundedMemory small = new BoundedMemory(40);
		FrameInput refused = FrameInput.buffered(new ChunkedInputStream(data, 10), 64 * 1024, "p", n -> {
		}, small);
		assertThat(refused.read()).isZero();
		assertThatExceptionOfType(MessageMemoryRefused.class).isThrownBy(() -> refused.readExactly(50));
		assertThat(small.held).isZero();
	}

}
