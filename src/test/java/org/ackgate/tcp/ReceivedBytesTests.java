package org.ackgate.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import org.ackgate.line.IncrementalLineDecoder;
import org.ackgate.wire.ProtocolViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReceivedBytesTests {

	private final RecordingAllocator allocator = new RecordingAllocator();

	private final IncrementalLineDecoder decoder = new IncrementalLineDecoder(64);

	private final ReceivedBytes received = new ReceivedBytes();

	@Test
	void decodesAReadWhereItIsAndGivesTheReadBufferBackWhenNothingIsLeft() throws ProtocolViolation {
		ByteBuf read = read("one\ntwo\n");

		assertThat(this.received.add(read)).isEqualTo(8);
		assertThat(text(this.received.next(this.decoder))).isEqualTo("one");
		assertThat(text(this.received.next(this.decoder))).isEqualTo("two");
		assertThat(this.received.next(this.decoder)).isNull();
		this.received.keepLeftover(this.allocator);

		assertThat(read.refCnt()).isZero();
		assertThat(this.received.holdsBuffer()).isFalse();
		assertThat(this.allocator.allocated).isEmpty();
	}

	@Test
	void movesAnIncompleteMessageOutOfTheReadBufferIntoOneOfItsOwn() throws ProtocolViolation {
		ByteBuf read = read("one\ntw");
		this.received.add(read);
		assertThat(text(this.received.next(this.decoder))).isEqualTo("one");
		assertThat(this.received.next(this.decoder)).isNull();

		this.received.keepLeftover(this.allocator);

		assertThat(read.refCnt()).isZero();
		assertThat(this.allocator.allocated).singleElement()
			.satisfies(own -> assertThat(own.toString(StandardCharsets.US_ASCII)).isEqualTo("tw"));
		assertThat(this.received.holdsBuffer()).isTrue();
	}

	@Test
	void aLaterReadCompletesTheKeptMessageAndEveryBufferGoesBack() throws ProtocolViolation {
		keepAfterOneLine("one\ntw");
		ByteBuf second = read("o\nthr");

		assertThat(this.received.add(second)).as("buffered, for the read-ahead bound").isEqualTo(7);
		assertThat(second.refCnt()).as("copied behind the kept bytes, then released").isZero();
		assertThat(text(this.received.next(this.decoder))).isEqualTo("two");
		assertThat(this.received.next(this.decoder)).isNull();
		this.received.keepLeftover(this.allocator);
		assertThat(this.allocator.allocated).as("the kept buffer goes on holding the rest").hasSize(1);

		this.received.add(read("ee\n"));
		assertThat(text(this.received.next(this.decoder))).isEqualTo("three");
		this.received.keepLeftover(this.allocator);

		assertThat(this.received.holdsBuffer()).isFalse();
		assertThat(this.allocator.allocated.get(0).refCnt()).isZero();
	}

	@Test
	void aViolationLeavesTheBytesToBeReleasedWithTheConnection() {
		ByteBuf read = read("x".repeat(65) + "\n");
		this.received.add(read);

		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.received.next(this.decoder));
		this.received.release();

		assertThat(read.refCnt()).isZero();
		assertThat(this.received.isReadable()).isFalse();
	}

	@Test
	void anEndOfStreamInsideAMessageIsATruncation() throws ProtocolViolation {
		keepAfterOneLine("one\npart");

		assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> this.received.endOfStream(this.decoder))
			.satisfies(violation -> assertThat(violation.kind()).isEqualTo(ProtocolViolation.Kind.TRUNCATED));
		this.received.release();
		assertThat(this.allocator.allocated.get(0).refCnt()).isZero();
	}

	@Test
	void anEndOfStreamWithNothingHeldIsClean() throws ProtocolViolation {
		this.received.endOfStream(this.decoder);

		assertThat(this.received.holdsBuffer()).isFalse();
	}

	/** A read of one line and the start of the next, decoded as the connection does, the rest kept. */
	private void keepAfterOneLine(String text) throws ProtocolViolation {
		this.received.add(read(text));
		assertThat(text(this.received.next(this.decoder))).isEqualTo("one");
		assertThat(this.received.next(this.decoder)).isNull();
		this.received.keepLeftover(this.allocator);
	}

	private ByteBuf read(String text) {
		ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.heapBuffer(64);
		buffer.writeCharSequence(text, StandardCharsets.US_ASCII);
		return buffer;
	}

	private static String text(byte[] message) {
		return new String(message, StandardCharsets.US_ASCII);
	}

	/** Remembers the buffers the connection allocates for itself, to see them released. */
	private static final class RecordingAllocator extends AbstractByteBufAllocator {

		final List<ByteBuf> allocated = new ArrayList<>();

		@Override
		protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
			ByteBuf buffer = Unpooled.buffer(initialCapacity, maxCapacity);
			this.allocated.add(buffer);
			return buffer;
		}

		@Override
		protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
			throw new UnsupportedOperationException("the connection keeps what is left on the heap");
		}

		@Override
		public boolean isDirectBufferPooled() {
			return false;
		}

	}

}
