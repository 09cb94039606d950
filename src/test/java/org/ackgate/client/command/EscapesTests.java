package org.ackgate.client.command;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EscapesTests {

	@Test
	void turnsTheSeedsEscapesIntoBytes() {
		assertThat(Escapes.unescape("HEAD / HTTP/1.0\\r\\n\\r\\n"))
			.isEqualTo("HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(Escapes.unescape("a\\tb\\\\c\\0\\x7f\\xFF")).containsExactly('a', '\t', 'b', '\\', 'c', 0, 0x7f,
				(byte) 0xff);
	}

	@Test
	void keepsTextWithoutEscapesAsUtf8() {
		assertThat(Escapes.unescape("获取时间")).isEqualTo("获取时间".getBytes(StandardCharsets.UTF_8));
		assertThat(Escapes.unescape("")).isEmpty();
	}

	@Test
	void rejectsBrokenEscapes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Escapes.unescape("end\\")).withMessageContaining("escapes nothing");
		assertThatIllegalArgumentException().isThrownBy(() -> Escapes.unescape("\\q")).withMessageContaining("unknown escape '\\q'");
		assertThatIllegalArgumentException().isThrownBy(() -> Escapes.unescape("\\x4")).withMessageContaining("two hex digits");
		assertThatIllegalArgumentException().isThrownBy(() -> Escapes.unescape("\\x-1")).withMessageContaining("not a hex byte");
	}

}
