package org.ackgate.observability;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the exposition {@code promtool check metrics}-clean when Spring Boot's own meters are
 * not: meters without a help text get one, {@code system.cpu.count} becomes {@code system.cpus}
 * (a gauge must not end in {@code _count}), and the two CPU-time counters that come in
 * abbreviated units (ms, ns) are replaced by the same counters in seconds:
 * {@code jvm_compilation_seconds_total} and {@code process_cpu_seconds_total}.
 */
final class PromtoolCleanMeters implements MeterFilter, MeterBinder {

	static final String COMPILATION_TIME = "jvm.compilation.time";

	static final String PROCESS_CPU_TIME = "process.cpu.time";

	/** Named apart from the denied meters, which the registry remembers by name. */
	static final String COMPILATION_SECONDS = "jvm.compilation";

	/** {@code process_cpu_seconds_total}, the name Prometheus's own client libraries use. */
	static final String PROCESS_CPU_SECONDS = "process.cpu";

	private static final Map<String, String> DESCRIPTIONS = Map.of(
			"http.server.requests", "HTTP requests served on the management port",
			"http.server.requests.active", "HTTP requests being served on the management port");

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		String name = id.getName();
		if ((name.equals(COMPILATION_TIME) && "ms".equals(id.getBaseUnit()))
				|| (name.equals(PROCESS_CPU_TIME) && "ns".equals(id.getBaseUnit()))) {
			return MeterFilterReply.DENY;
		}
		return MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		Meter.Id mapped = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
		if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
			String description = DESCRIPTIONS.getOrDefault(mapped.getName(), mapped.getName().replace('.', ' '));
			return new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(),
					description, mapped.getType());
		}
		return mapped;
	}

	/** The counters denied above, in seconds. */
	@Override
	public void bindTo(MeterRegistry registry) {
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
			FunctionCounter.builder(COMPILATION_SECONDS, compilation, bean -> bean.getTotalCompilationTime() / 1e3)
				.description("Time the JIT compiler has spent compiling")
				.baseUnit("seconds")
				.register(registry);
		}
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			FunctionCounter.builder(PROCESS_CPU_SECONDS, os, bean -> bean.getProcessCpuTime() / 1e9)
				.description("CPU time used by the JVM process")
				.baseUnit("seconds")
				.register(registry);
		}
	}

}
