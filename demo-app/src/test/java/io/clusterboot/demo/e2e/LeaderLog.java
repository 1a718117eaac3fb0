package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The file the demo's {@code @Scheduled @ClusterLeaderOnly} job writes when
 * {@code demo.leader-log} names it: a line {@code pid start end} (epoch microseconds)
 * for each run, appended at its end.
 *
 * @author ClusterBoot team
 */
final class LeaderLog {

	private final Path file;

	/**
	 * Creates the log of a cluster that is started with {@link #property()}.
	 * @param directory where the file is written
	 */
	LeaderLog(Path directory) {
		this.file = directory.resolve("leader.log");
	}

	/**
	 * Returns the property that turns the demo's leader-only job on, writing this log.
	 * @return the property's value for {@code demo.leader-log}
	 */
	String property() {
		return this.file.toString();
	}

	/**
	 * Waits until a worker whose pid is accepted has run the job, and returns its pid.
	 * @param description the workers awaited, for the failure message
	 * @param accepted whether a pid is one of them
	 * @param timeout the deadline
	 * @param cluster the cluster, for diagnostics
	 * @return the pid of the first of them that ran the job
	 */
	long awaitRunBy(String description, Predicate<Long> accepted, Duration timeout, ClusterProcess cluster) {
		Set<Long> pids = Waits.until(description + " to run the leader-only job", timeout, this::pids,
				(seen) -> seen.stream().anyMatch(accepted), cluster::describe);
		return pids.stream().filter(accepted).findFirst().orElseThrow();
	}

	/**
	 * Returns the runs of different workers that overlap in time: each run that started
	 * before the previous run, of another pid, ended.
	 * @return the overlapping runs
	 * @throws IOException if the log cannot be read
	 */
	List<Run> overlaps() throws IOException {
		List<Run> sorted = runs().stream().sorted(Comparator.comparingLong(Run::start)).toList();
		return IntStream.range(1, sorted.size())
			.filter((i) -> sorted.get(i).pid() != sorted.get(i - 1).pid()
					&& sorted.get(i).start() < sorted.get(i - 1).end())
			.mapToObj(sorted::get)
			.toList();
	}

	/**
	 * Returns the pids of the workers that ran the job, in the order of their first run.
	 * @return the pids
	 * @throws IOException if the log cannot be read
	 */
	Set<Long> pids() throws IOException {
		Set<Long> pids = new LinkedHashSet<>();
		runs().forEach((run) -> pids.add(run.pid()));
		return pids;
	}

	/**
	 * Returns the runs so far, in the order they ended.
	 * @return the runs
	 * @throws IOException if the log cannot be read
	 */
	List<Run> runs() throws IOException {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		return Files.readAllLines(this.file)
			.stream()
			.map((line) -> line.trim().split(" "))
			.filter((fields) -> fields.length == 3)
			.map((fields) -> new Run(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])))
			.toList();
	}

	/**
	 * A run of the job.
	 *
	 * @param pid the worker that ran it
	 * @param start when it started, in epoch microseconds
	 * @param end when it ended, in epoch microseconds
	 */
	record Run(long pid, long start, long end) {
	}

}
