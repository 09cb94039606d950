package org.ackgate.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A start's steps as a tree, one line each: its whole time, its own time (less its sub-steps'),
 * its depth, its name and its tags, tab-separated, parents before their sub-steps and sub-steps in
 * the order they began. The own time is what a step cost beyond the steps it contains: a properties
 * record's binding inside the bean that needed it, say, counts for the record, not for that bean.
 */
final class StartupStepTree {

	/** The header of the file, naming the columns. */
	static final String HEADER = "ms\tself_ms\tdepth\tstep\ttags";

	/**
	 * One step of the start.
	 * @param id its id, unique within the start
	 * @param parentId the step it ran inside, or null for a top-level step
	 * @param name what Spring calls it ({@code spring.beans.instantiate}, …)
	 * @param tags its tags, {@code key=value} separated by spaces (the bean's name, …)
	 * @param startNanos when it began, on any clock shared by the steps
	 * @param duration how long it took
	 */
	record Step(long id, Long parentId, String name, String tags, long startNanos, Duration duration) {
	}

	private StartupStepTree() {
	}

	static List<String> lines(List<Step> steps) {
		Map<Long, List<Step>> children = new HashMap<>();
		Set<Long> ids = steps.stream().map(Step::id).collect(Collectors.toSet());
		List<Step> roots = new ArrayList<>();
		for (Step step : steps) {
			// A parent that ended outside the buffer leaves its sub-steps at the top.
			if (step.parentId() == null || !ids.contains(step.parentId())) {
				roots.add(step);
			}
			else {
				children.computeIfAbsent(step.parentId(), id -> new ArrayList<>()).add(step);
			}
		}
		List<String> lines = new ArrayList<>();
		lines.add(HEADER);
		append(roots, 0, children, lines);
		return lines;
	}

	private static void append(List<Step> steps, int depth, Map<Long, List<Step>> children, List<String> lines) {
		List<Step> ordered = steps.stream().sorted(Comparator.comparingLong(Step::startNanos)).toList();
		for (Step step : ordered) {
			List<Step> inside = children.getOrDefault(step.id(), List.of());
			Duration self = step.duration();
			for (Step child : inside) {
				self = self.minus(child.duration());
			}
			lines.add(millis(step.duration()) + "\t" + millis(self.isNegative() ? Duration.ZERO : self) + "\t" + depth
					+ "\t" + step.name() + "\t" + step.tags());
			append(inside, depth + 1, children, lines);
		}
	}

	private static String millis(Duration duration) {
		return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1_000_000.0);
	}

}
