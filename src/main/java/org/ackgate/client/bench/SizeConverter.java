package org.ackgate.client.bench;

import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.springframework.util.unit.DataSize;

/** Message sizes: {@code 64}, {@code 64B}, {@code 16KB} or {@code 16KiB} (both 16,384 bytes), {@code 1MB}. */
final class SizeConverter implements ITypeConverter<Integer> {

	@Override
	public Integer convert(String value) {
		String text = value.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
		try {
			long bytes = DataSize.parse(text).toBytes();
			if (bytes < 0 || bytes > Integer.MAX_VALUE) {
				throw new TypeConversionException("'" + value + "' is out of range");
			}
			return (int) bytes;
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException("'" + value + "' is not a size (examples: 64, 512B, 16KB)");
		}
	}

}
