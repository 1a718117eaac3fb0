package io.clusterboot.internal.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the Prometheus expositions of several workers into one, in the Prometheus text
 * format (0.0.4) or OpenMetrics (1.0.0): each metric family once, with its
 * {@code # HELP}, {@code # TYPE} and {@code # UNIT} lines once, followed by the samples
 * of every worker, each worker's together so that a metric's samples (a histogram's
 * buckets, count and sum) stay contiguous; OpenMetrics' {@code # EOF} once, at the end.
 * The workers' series differ by their {@code worker} tag; the rules for what does not
 * fit:
 * <ul>
 * <li>the first exposition's metadata wins: a family whose {@code # TYPE} another
 * exposition already gave differently (a worker of older code, during a reload) loses
 * that exposition's samples, which a parser would refuse;</li>
 * <li>a series (name and labels) already given is dropped: a per-cluster meter, which
 * has no {@code worker} tag, read from two workers while the leadership moved; the first
 * exposition's, the answering worker's or the newest in a slot, wins.</li>
 * </ul>
 *
 * @author ClusterBoot team
 */
final class ExpositionMerge {

	private static final String EOF = "# EOF";

	private static final List<String> METADATA = List.of("# HELP ", "# TYPE ", "# UNIT ");

	private ExpositionMerge() {
	}

	/**
	 * Merges expositions.
	 * @param expositions the expositions, the one whose metadata and series win first
	 * @param openMetrics whether they are OpenMetrics, rather than the Prometheus text
	 * format
	 * @return the merged exposition
	 */
	static String merge(List<String> expositions, boolean openMetrics) {
		Map<String, Family> families = new LinkedHashMap<>();
		for (String exposition : expositions) {
			add(exposition, families);
		}
		StringBuilder merged = new StringBuilder();
		for (Family family : families.values()) {
			family.metadata.values().forEach((line) -> merged.append(line).append('\n'));
			family.samples.forEach((line) -> merged.append(line).append('\n'));
		}
		if (openMetrics) {
			merged.append(EOF).append('\n');
		}
		return merged.toString();
	}

	private static void add(String exposition, Map<String, Family> families) {
		Family family = null;
		boolean refused = false;
		for (String line : exposition.split("\n")) {
			if (line.isBlank() || line.equals(EOF)) {
				continue;
			}
			String metadata = metadata(line);
			if (metadata != null) {
				String name = name(line.substring(metadata.length()));
				if (family == null || !family.name.equals(name)) {
					family = families.computeIfAbsent(name, Family::new);
					refused = false;
				}
				if (metadata.equals("# TYPE ") && family.metadata.containsKey(metadata)
						&& !family.metadata.get(metadata).equals(line)) {
					refused = true;
				}
				family.metadata.putIfAbsent(metadata, line);
			}
			else if (!line.startsWith("#")) {
				if (family == null) {
					family = families.computeIfAbsent(name(line), Family::new);
					refused = false;
				}
				if (!refused && family.series.add(series(line))) {
					family.samples.add(line);
				}
			}
		}
	}

	private static String metadata(String line) {
		for (String prefix : METADATA) {
			if (line.startsWith(prefix)) {
				return prefix;
			}
		}
		return null;
	}

	private static String name(String text) {
		int end = 0;
		while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != '{') {
			end++;
		}
		return text.substring(0, end);
	}

	/**
	 * Returns a sample's series: its name and its labels, as written, up to the closing
	 * brace that is not in a quoted label value.
	 */
	static String series(String sample) {
		int brace = sample.indexOf('{');
		int space = sample.indexOf(' ');
		if (brace < 0 || (space >= 0 && space < brace)) {
			return (space >= 0) ? sample.substring(0, space) : sample;
		}
		boolean quoted = false;
		for (int i = brace + 1; i < sample.length(); i++) {
			char c = sample.charAt(i);
			if (quoted && c == '\\') {
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && c == '}') {
				return sample.substring(0, i + 1);
			}
		}
		return sample;
	}

	/**
	 * A metric family of the merged exposition.
	 */
	private static final class Family {

		private final String name;

		/**
		 * The family's metadata lines, by kind, in the order first seen.
		 */
		private final Map<String, String> metadata = new LinkedHashMap<>();

		private final List<String> samples = new ArrayList<>();

		private final Set<String> series = new HashSet<>();

		Family(String name) {
			this.name = name;
		}

	}

}
