package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import io.clusterboot.demo.e2e.ClusterStatus.ReloadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's logs read as one application's (issue 32, items 3 and 4): a cluster of 2
 * workers logs in Spring Boot's structured formats, ECS first, then Logstash after a
 * reload, then GELF after another, and every worker line of the master's output is a
 * JSON object that names the worker's slot and generation; meanwhile the master alone
 * holds the log file ({@code logging.file.name}), which rolls over at 10 KB, also the new
 * master after an upgrade, and every numbered line that requests logged is found in the
 * rolled files exactly once.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterLogsIT {

	private static final int LINES_PER_PHASE = 150;

	private static final Pattern NUMBERED = Pattern.compile("Numbered line (\\d+)\"");

	private static final Duration LINES_ARRIVE = Duration.ofSeconds(20);

	private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(90);

	@TempDir
	Path directory;

	@Test
	void structuredLinesStayJsonAndTheMasterAloneWritesTheRollingFile(TestInfo testInfo) throws Exception {
		Path configuration = this.directory.resolve("logging.properties");
		Path logFile = this.directory.resolve("app.log");
		format(configuration, "ecs");
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo)
			.property("spring.config.additional-location", "file:" + configuration)
			.property("logging.file.name", logFile.toString())
			.property("logging.logback.rollingpolicy.max-file-size", "10KB")
			.property("logging.logback.rollingpolicy.file-name-pattern", logFile + ".%d{yyyy-MM-dd}.%i");
		try (ClusterProcess cluster = builder.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);
			assertOnlyTheMasterHolds(logFile, cluster.masterPid(), workers);
			logNumberedLines(cluster, 0);
			assertWorkerLines(cluster.lines(), 0, 1, ClusterLogsIT::ecsWorker);

			format(configuration, "logstash");
			workers = reload(cluster, actuator, 2);
			logNumberedLines(cluster, LINES_PER_PHASE);
			assertWorkerLines(cluster.lines(), LINES_PER_PHASE, 2, (json) -> flatWorker(json, "cluster.worker."));

			format(configuration, "gelf");
			workers = reload(cluster, actuator, 3);
			logNumberedLines(cluster, 2 * LINES_PER_PHASE);
			assertWorkerLines(cluster.lines(), 2 * LINES_PER_PHASE, 3, (json) -> flatWorker(json, "_cluster_worker_"));
			assertOnlyTheMasterHolds(logFile, cluster.masterPid(), workers);

			// the new master's output is not read once the old one exited (the harness reads
			// the old one's pipe): its workers' lines are checked in the file
			ClusterStatus upgraded = upgrade(cluster, actuator);
			requestNumberedLines(cluster, 3 * LINES_PER_PHASE);
			assertOnlyTheMasterHolds(logFile, upgraded.master().pid(), upgraded.pids());

			int written = 4 * LINES_PER_PHASE;
			Map<Integer, List<String>> found = Waits.until(written + " numbered lines in the log files", LINES_ARRIVE,
					() -> numbered(linesOf(logFiles(logFile))), (lines) -> lines.size() == written, cluster::describe);
			assertThat(found.values()).as("numbered lines in the log files").allSatisfy((lines) -> assertThat(lines)
				.hasSize(1));
			assertWorkerLines(found.values().stream().flatMap(List::stream).toList(), 3 * LINES_PER_PHASE,
					upgraded.processes().get(0).generation(), (json) -> flatWorker(json, "_cluster_worker_"));
			assertThat(logFiles(logFile)).as("rolled over log files").hasSizeGreaterThan(3);
		}
	}

	private static void format(Path configuration, String format) throws IOException {
		Files.writeString(configuration, "logging.structured.format.console=" + format + "\n");
	}

	private static Set<Long> reload(ClusterProcess cluster, ClusterActuator actuator, int generation)
			throws IOException {
		Reload reload = actuator.reload();
		ClusterStatus ended = actuator.awaitReloadEnd(reload.id(), ClusterActuator.RELOAD_TIMEOUT);
		assertThat(ended.reload().state()).as("%s%s", ended.reload(), cluster.describe())
			.isEqualTo(ReloadState.SUCCEEDED);
		assertThat(reload.generation()).isEqualTo(generation);
		return actuator.awaitSettled(generation, ClusterActuator.DRAIN_TIMEOUT).pids();
	}

	/**
	 * Replaces the master (USR1) and waits until the old one exited and the new one's
	 * workers serve.
	 */
	private static ClusterStatus upgrade(ClusterProcess cluster, ClusterActuator actuator) {
		long oldMaster = cluster.masterPid();
		cluster.signalMaster(Signal.USR1);
		assertThat(cluster.awaitMasterExit(UPGRADE_TIMEOUT)).as("old master's exit code%s", cluster.describe())
			.isZero();
		return Waits.until("the new master's 2 ready workers", UPGRADE_TIMEOUT, actuator::statusIfAnswered,
				(status) -> status != null && status.master().pid() != oldMaster && status.processes().size() == 2
						&& status.processes()
							.stream()
							.allMatch((worker) -> ClusterStatus.READY.equals(worker.state())),
				cluster::describe);
	}

	/**
	 * Asks for numbered lines, each on a connection of its own, so that both workers log
	 * some, and waits until the master relayed them all.
	 */
	private static void logNumberedLines(ClusterProcess cluster, int first) throws IOException {
		requestNumberedLines(cluster, first);
		Waits.until(LINES_PER_PHASE + " numbered lines relayed", LINES_ARRIVE,
				() -> numbered(cluster.lines()).keySet().stream().filter((line) -> line >= first).count(),
				(count) -> count == LINES_PER_PHASE, cluster::describe);
	}

	private static void requestNumberedLines(ClusterProcess cluster, int first) throws IOException {
		for (int line = first; line < first + LINES_PER_PHASE; line++) {
			assertThat(HttpConnection.get(cluster.port(), "/log?line=" + line).status()).isEqualTo(200);
		}
	}

	/**
	 * Every numbered line of the phase is a JSON object, relayed once and unprefixed,
	 * with the slot and generation of the worker that logged it; no worker line of the
	 * cluster's output is a prefixed JSON object.
	 */
	private static void assertWorkerLines(List<String> lines, int first, int generation,
			Function<Map<String, Object>, Map<String, Object>> worker) {
		assertThat(lines).as("prefixed JSON lines")
			.noneMatch((line) -> line.startsWith(ClusterProcess.WORKER_PREFIX) && line.contains("] {\""));
		Map<Integer, List<String>> numbered = numbered(lines);
		Set<Object> slots = new TreeSet<>();
		for (int line = first; line < first + LINES_PER_PHASE; line++) {
			assertThat(numbered.get(line)).as("line %d", line).hasSize(1);
			@SuppressWarnings("unchecked")
			Map<String, Object> json = Json.read(numbered.get(line).get(0), Map.class);
			Map<String, Object> members = worker.apply(json);
			assertThat(members).as("worker members of %s", json)
				.containsEntry("generation", Integer.toString(generation))
				.containsKey("id");
			slots.add(members.get("slot"));
		}
		assertThat(slots).as("slots of the workers that logged").isSubsetOf("1", "2").isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> ecsWorker(Map<String, Object> json) {
		Map<String, Object> cluster = (Map<String, Object>) json.get("cluster");
		assertThat(cluster).as("cluster member of %s", json).isNotNull();
		return (Map<String, Object>) cluster.get("worker");
	}

	private static Map<String, Object> flatWorker(Map<String, Object> json, String prefix) {
		Map<String, Object> members = new HashMap<>();
		for (String name : List.of("slot", "id", "generation")) {
			if (json.containsKey(prefix + name)) {
				members.put(name, json.get(prefix + name));
			}
		}
		return members;
	}

	private static Map<Integer, List<String>> numbered(List<String> lines) {
		Map<Integer, List<String>> numbered = new HashMap<>();
		for (String line : lines) {
			Matcher matcher = NUMBERED.matcher(line);
			if (matcher.find()) {
				numbered.computeIfAbsent(Integer.parseInt(matcher.group(1)), (key) -> new ArrayList<>()).add(line);
			}
		}
		return numbered;
	}

	private static List<String> linesOf(List<Path> files) throws IOException {
		List<String> lines = new ArrayList<>();
		for (Path file : files) {
			try {
				lines.addAll(Files.readAllLines(file));
			}
			catch (NoSuchFileException ex) {
				// rolled over meanwhile: the next look finds it under its new name
			}
		}
		return lines;
	}

	private static List<Path> logFiles(Path logFile) throws IOException {
		try (Stream<Path> files = Files.list(logFile.getParent())) {
			return files.filter((file) -> file.getFileName().toString().startsWith(logFile.getFileName().toString()))
				.toList();
		}
	}

	/**
	 * The master has the log file open (or opens it soon), and no worker has.
	 */
	private static void assertOnlyTheMasterHolds(Path logFile, long master, Set<Long> workers) throws IOException {
		// a new master opens the file once the old one exited, which may have rolled it over just before
		Waits.until("master " + master + " holding " + logFile, LINES_ARRIVE,
				() -> Files.exists(logFile) && openFiles(master).contains(logFile.toRealPath()), () -> "");
		Path directory = logFile.getParent().toRealPath();
		for (long worker : workers) {
			assertThat(openFiles(worker)).as("files worker %d holds", worker)
				.noneMatch((file) -> file.startsWith(directory));
		}
	}

	private static List<Path> openFiles(long pid) throws IOException {
		List<Path> open = new ArrayList<>();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			for (Path descriptor : descriptors.toList()) {
				try {
					open.add(Files.readSymbolicLink(descriptor));
				}
				catch (IOException ex) {
					// closed meanwhile
				}
			}
		}
		return open;
	}

}
