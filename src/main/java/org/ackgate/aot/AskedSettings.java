package org.ackgate.aot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.env.PropertySource;

/**
 * A property source that holds nothing and notes every setting asked of it.
 *
 * <p>Put first in the environment while Spring AOT processes the build, it sees every name a
 * condition or the binder looks up: Spring's resolver asks each source in turn, and Spring Boot's
 * binder reaches it through the adapted sources, so a lookup cannot pass it by.
 */
final class AskedSettings extends PropertySource<Set<String>> {

	static final String NAME = "ackgate-build-settings-asked";

	AskedSettings() {
		super(NAME, ConcurrentHashMap.newKeySet());
	}

	@Override
	public Object getProperty(String name) {
		getSource().add(name);
		return null;
	}

	/** The names asked for so far. */
	Set<String> names() {
		return Set.copyOf(getSource());
	}

}
