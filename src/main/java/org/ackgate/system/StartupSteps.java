package org.ackgate.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.metrics.StartupStep;

/**
 * Where a start's time goes, step by step (Spring's {@link BufferingApplicationStartup}), written
 * to a file once the service is ready, as {@link StartupStepTree} lays it out. For profiling the
 * start: {@code bench/start-threads.sh --steps}, docs/performance.md (Startup). Off unless
 * {@code -Dorg.ackgate.startup-steps=FILE} is given: a JVM system property rather than a setting, so
 * that asking for it changes neither the bean graph nor the settings a build with Spring AOT
 * compares at start, and the start measured is the one the image makes.
 */
public final class StartupSteps {

	/** The system property naming the file. */
	public static final String PROPERTY = "org.ackgate.startup-steps";

	/** A start records about 400 steps; the buffer drops what comes after it is full. */
	static final int CAPACITY = 20_000;

	private static final Logger log = LoggerFactory.getLogger(StartupSteps.class);

	private StartupSteps() {
	}

	/** Before {@code run}: records the start's steps if the system property names a file. */
	public static void recordIfAsked(SpringApplication application, Properties systemProperties) {
		String file = systemProperties.getProperty(PROPERTY, "");
		if (file.isBlank()) {
			return;
		}
		Path path;
		try {
			path = Path.of(file);
		}
		catch (InvalidPathException ex) {
			// A diagnostic: a start asked for it with a path the file system rejects still serves.
			log.warn("Not recording the start's steps: {}={} is no path here ({})", PROPERTY, file, ex.getMessage());
			return;
		}
		BufferingApplicationStartup startup = new BufferingApplicationStartup(CAPACITY);
		application.setApplicationStartup(startup);
		application.addListeners(new WriteWhenReady(startup, path));
	}

	static List<StartupStepTree.Step> steps(StartupTimeline timeline) {
		Instant origin = timeline.getStartTime();
		return timeline.getEvents().stream().map(event -> step(origin, event)).toList();
	}

	private static StartupStepTree.Step step(Instant origin, TimelineEvent event) {
		StartupStep step = event.getStartupStep();
		String tags = StreamSupport.stream(step.getTags().spliterator(), false)
			.map(tag -> tag.getKey() + "=" + tag.getValue())
			.collect(Collectors.joining(" "))
			.replaceAll("[\\t\\r\\n]", " ");
		return new StartupStepTree.Step(step.getId(), step.getParentId(), step.getName(), tags,
				Duration.between(origin, event.getStartTime()).toNanos(), event.getDuration());
	}

	private record WriteWhenReady(BufferingApplicationStartup startup, Path file)
			implements ApplicationListener<ApplicationReadyEvent> {

		@Override
		public void onApplicationEvent(ApplicationReadyEvent event) {
			try {
				Files.write(this.file, StartupStepTree.lines(steps(this.startup.getBufferedTimeline())));
				log.info("Wrote the start's steps to {}", this.file);
			}
			catch (IOException ex) {
				// A diagnostic: the service goes on serving without it.
				log.warn("Could not write the start's steps to {} ({}): {}", this.file, PROPERTY, ex.toString());
			}
		}

	}

}
