package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @Scheduled @ClusterLeaderOnly} job runs in exactly one worker at any moment,
 * and keeps running as the leadership moves across a reload and a kill -9 of the leader
 * (issue 6, item 5). The demo's job appends {@code pid start end} (epoch microseconds)
 * for each run to a file; no two runs of different workers may overlap.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeadershipIT {

	private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);

	@Test
	void leaderOnlyJobRunsInOneWorkerAtATime(TestInfo testInfo, @TempDir Path directory) throws IOException {
		Path log = directory.resolve("leader.log");
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("demo.leader-log", log.toString())
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			long first = awaitRunsBy("a first leader", log, Set.of(), cluster);

			new ClusterActuator(cluster).rollOut(ReloadTrigger.ENDPOINT);
			long afterReload = awaitRunsBy("a leader of the new generation", log, initial, cluster);

			cluster.signal(afterReload, Signal.KILL);
			Set<Long> gone = new LinkedHashSet<>(initial);
			gone.add(afterReload);
			long afterKill = awaitRunsBy("a leader after the kill", log, gone, cluster);

			List<Run> runs = runs(log);
			cluster.note("leaders " + first + ", " + afterReload + ", " + afterKill + "; " + runs.size() + " runs");
			assertThat(overlaps(runs)).as("runs of different workers that overlap%s", cluster.describe()).isEmpty();
			assertThat(runs.stream().map(Run::pid).distinct()).as("leaders in order").startsWith(first).endsWith(afterReload, afterKill);
		}
	}

	/**
	 * Waits until a worker other than those given has run the job, and returns its pid.
	 */
	private static long awaitRunsBy(String description, Path log, Set<Long> previous, ClusterProcess cluster) {
		Set<Long> pids = Waits.until(description, MOVE_TIMEOUT, () -> pids(log),
				(seen) -> seen.stream().anyMatch((pid) -> !previous.contains(pid)), cluster::describe);
		return pids.stream().filter((pid) -> !previous.contains(pid)).findFirst().orElseThrow();
	}

	private static List<Run> overlaps(List<Run> runs) {
		List<Run> sorted = runs.stream().sorted(Comparator.comparingLong(Run::start)).toList();
		return IntStream.range(1, sorted.size())
			.filter((i) -> sorted.get(i).pid() != sorted.get(i - 1).pid()
					&& sorted.get(i).start() < sorted.get(i - 1).end())
			.mapToObj(sorted::get)
			.toList();
	}

	private static Set<Long> pids(Path log) throws IOException {
		Set<Long> pids = new LinkedHashSet<>();
		runs(log).forEach((run) -> pids.add(run.pid()));
		return pids;
	}

	private static List<Run> runs(Path log) throws IOException {
		if (!Files.exists(log)) {
			return List.of();
		}
		return Files.readAllLines(log)
			.stream()
			.map((line) -> line.trim().split(" "))
			.filter((fields) -> fields.length == 3)
			.map((fields) -> new Run(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])))
			.toList();
	}

	record Run(long pid, long start, long end) {
	}

}
