package io.clusterboot.demo.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Prometheus exposition, read by a strict parser of the Prometheus text format (0.0.4)
 * and OpenMetrics (1.0.0), which refuses what Prometheus' parsers refuse: a
 * {@code # TYPE} or {@code # HELP} twice for a name, or after the family's samples; a
 * family whose lines are not together; a sample that is not of its family (by name and
 * the suffixes of its type); a series twice; a malformed name, label or value; an
 * OpenMetrics exposition without its {@code # EOF} last. Neither Micrometer nor the
 * Prometheus Java client brings a parser of the text formats, only writers.
 *
 * @author ClusterBoot team
 */
final class PrometheusExposition {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final Set<String> TEXT_TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

	private static final Set<String> OPENMETRICS_TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram",
			"summary", "info", "stateset", "unknown");

	private static final Map<String, List<String>> SUFFIXES = Map.of("counter", List.of("", "_total", "_created"),
			"histogram", List.of("_bucket", "_count", "_sum", "_created"), "gaugehistogram",
			List.of("_bucket", "_gcount", "_gsum"), "summary", List.of("", "_count", "_sum", "_created"), "info",
			List.of("_info"));

	private final Map<String, String> types = new HashMap<>();

	private final List<Sample> samples = new ArrayList<>();

	private PrometheusExposition() {
	}

	/**
	 * Parses an exposition.
	 * @param text the exposition
	 * @param openMetrics whether it is OpenMetrics rather than the Prometheus text format
	 * @return the exposition
	 * @throws IllegalArgumentException naming the first line that is not valid
	 */
	static PrometheusExposition parse(String text, boolean openMetrics) {
		PrometheusExposition exposition = new PrometheusExposition();
		String[] lines = text.split("\n", -1);
		if (!text.endsWith("\n")) {
			throw new IllegalArgumentException("The exposition does not end with a line feed");
		}
		Set<String> ended = new HashSet<>();
		Set<String> helped = new HashSet<>();
		Set<String> series = new HashSet<>();
		String family = null;
		boolean sampled = false;
		boolean eof = false;
		for (int number = 1; number < lines.length; number++) {
			String line = lines[number - 1];
			String where = "line " + number + " '" + line + "'";
			if (eof) {
				throw new IllegalArgumentException("Something after # EOF, " + where);
			}
			if (line.startsWith("#")) {
				String[] parts = line.split(" ", 4);
				if (openMetrics && line.equals("# EOF")) {
					eof = true;
					continue;
				}
				boolean metadata = parts.length >= 3 && List.of("HELP", "TYPE", "UNIT").contains(parts[1]);
				if (!metadata) {
					if (openMetrics) {
						throw new IllegalArgumentException("Not a metadata line of OpenMetrics, " + where);
					}
					continue;
				}
				String name = parts[2];
				check(NAME.matcher(name).matches(), "Malformed metric name", where);
				if (!name.equals(family)) {
					check(!ended.contains(name), "The family's lines are not together", where);
					if (family != null) {
						ended.add(family);
					}
					family = name;
					sampled = false;
				}
				check(!sampled, "Metadata after the family's samples", where);
				if (parts[1].equals("TYPE")) {
					check(parts.length == 4 && (openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).contains(parts[3]),
							"Unknown type", where);
					check(exposition.types.put(name, parts[3]) == null, "A second # TYPE", where);
				}
				else if (parts[1].equals("HELP")) {
					check(helped.add(name), "A second # HELP", where);
				}
				else {
					check(openMetrics, "# UNIT outside OpenMetrics", where);
				}
				continue;
			}
			check(!line.isEmpty() || !openMetrics, "An empty line in OpenMetrics", where);
			if (line.isEmpty()) {
				continue;
			}
			String name = line.split("[{ ]", 2)[0];
			if (family == null || !ofFamily(name, family, exposition.types.get(family))) {
				check(!ended.contains(name), "The family's lines are not together", where);
				check(!openMetrics, "A sample of no family", where);
				if (family != null) {
					ended.add(family);
				}
				family = name;
			}
			Sample sample = sample(line, family, openMetrics, where);
			sampled = true;
			check(series.add(sample.series()), "A second sample of the series", where);
			exposition.samples.add(sample);
		}
		check(eof || !openMetrics, "No # EOF", "the end");
		return exposition;
	}

	private static boolean ofFamily(String name, String family, String type) {
		List<String> suffixes = SUFFIXES.getOrDefault((type != null) ? type : "untyped", List.of(""));
		return suffixes.stream().anyMatch((suffix) -> name.equals(family + suffix));
	}

	private static Sample sample(String line, String family, boolean openMetrics, String where) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		check(space > 0, "No value", where);
		Map<String, String> labels = new TreeMap<>();
		String name;
		int rest;
		if (brace >= 0 && brace < space) {
			name = line.substring(0, brace);
			int i = brace + 1;
			while (line.charAt(i) != '}') {
				int equals = line.indexOf("=\"", i);
				check(equals > i, "Malformed labels", where);
				String label = line.substring(i, equals);
				check(LABEL_NAME.matcher(label).matches(), "Malformed label name", where);
				StringBuilder value = new StringBuilder();
				i = equals + 2;
				for (char c = line.charAt(i); c != '"'; c = line.charAt(++i)) {
					if (c == '\\') {
						char escaped = line.charAt(++i);
						check(escaped == '\\' || escaped == '"' || escaped == 'n', "Malformed escape", where);
						value.append((escaped == 'n') ? '\n' : escaped);
					}
					else {
						value.append(c);
					}
				}
				check(labels.put(label, value.toString()) == null, "A label twice", where);
				i++;
				if (line.charAt(i) == ',') {
					i++;
				}
			}
			rest = i + 1;
			check(line.charAt(rest) == ' ', "No space before the value", where);
		}
		else {
			name = line.substring(0, space);
			rest = space;
		}
		check(NAME.matcher(name).matches(), "Malformed metric name", where);
		String afterName = line.substring(rest + 1);
		if (openMetrics && afterName.contains(" # ")) {
			afterName = afterName.substring(0, afterName.indexOf(" # "));
		}
		String[] fields = afterName.split(" ");
		check(fields.length <= 2, "More than a value and a timestamp", where);
		double value;
		try {
			value = switch (fields[0]) {
				case "NaN" -> Double.NaN;
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(fields[0]);
			};
			if (fields.length == 2) {
				Double.parseDouble(fields[1]);
			}
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Malformed value or timestamp, " + where, ex);
		}
		return new Sample(family, name, labels, value);
	}

	private static void check(boolean valid, String problem, String where) {
		if (!valid) {
			throw new IllegalArgumentException(problem + ", " + where);
		}
	}

	/**
	 * Returns the type of a family.
	 * @param family the family's name
	 * @return its type, or {@code null}
	 */
	String type(String family) {
		return this.types.get(family);
	}

	/**
	 * Returns the samples of a name.
	 * @param name the sample's name, with its suffix
	 * @return the samples
	 */
	List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/**
	 * Returns every sample.
	 * @return the samples
	 */
	List<Sample> samples() {
		return this.samples;
	}

	/**
	 * A sample.
	 *
	 * @param family the name of its family
	 * @param name its name, with its suffix
	 * @param labels its labels, by name
	 * @param value its value
	 */
	record Sample(String family, String name, Map<String, String> labels, double value) {

		String series() {
			return this.name + this.labels;
		}

	}

}
