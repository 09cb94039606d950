package org.ackgate.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * The effective endpoint map under {@code endpoints} in {@code /actuator/info}: for every enabled
 * endpoint its transport, the port actually bound (also when 0 was configured), the bind address
 * and its framing.
 */
final class EndpointInfoContributor implements InfoContributor {

	/**
	 * One enabled endpoint as the info shows it.
	 * @param name the endpoint's name, as in metric tags
	 * @param transport {@code tcp} or {@code udp}
	 * @param port the port bound now, or the configured one before binding
	 * @param bindAddress the configured address, {@code null} for every interface
	 * @param framing how messages are delimited
	 * @param settings further settings worth seeing at a glance (formats, ack framing)
	 */
	record Entry(String name, String transport, IntSupplier port, @Nullable String bindAddress, String framing,
			Map<String, Object> settings) {
	}

	private final List<Entry> entries;

	EndpointInfoContributor(List<Entry> entries) {
		this.entries = entries;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> endpoints = new LinkedHashMap<>();
		for (Entry entry : this.entries) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("transport", entry.transport());
			details.put("port", entry.port().getAsInt());
			details.put("bindAddress", (entry.bindAddress() != null) ? entry.bindAddress() : "*");
			details.put("framing", entry.framing());
			details.putAll(entry.settings());
			endpoints.put(entry.name(), details);
		}
		builder.withDetail("endpoints", endpoints);
	}

}
