package org.ackgate.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyLeakGuardTests {

	private ResourceLeakDetector.Level level;

	@BeforeEach
	void paranoid() throws InterruptedException {
		this.level = ResourceLeakDetector.getLevel();
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		NettyLeakGuard.collectLeaks(); // whatever an earlier test left
	}

	@AfterEach
	void restore() {
		ResourceLeakDetector.setLevel(this.level);
	}

	@Test
	void findsABufferCollectedWithoutRelease() throws InterruptedException {
		leakOne();
		assertThat(NettyLeakGuard.collectLeaks()).singleElement()
			.asString()
			.startsWith("ByteBuf")
			.contains("Hint: written and dropped", NettyLeakGuardTests.class.getName() + ".leakOne");
	}

	@Test
	void findsNothingWhenEveryBufferIsReleased() throws InterruptedException {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
		buffer.writeBytes(new byte[] { 'o', 'k', '\n' });
		buffer.release();
		assertThat(NettyLeakGuard.collectLeaks()).isEmpty();
	}

	private static void leakOne() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
		buffer.writeBytes(new byte[] { 'l', 'o', 's', 't', '\n' });
		buffer.touch("written and dropped");
	}

}
