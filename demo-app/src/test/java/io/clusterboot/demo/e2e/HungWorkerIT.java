package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.clusterboot.demo.e2e.ClusterProcess.WorkerReady;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that stops sending heartbeats is killed and replaced, and the cluster goes on
 * serving: a frozen JVM (SIGSTOP) under load, and a JVM whose request threads are all
 * stuck, which can still print its threads before it is killed (issue 5, item 1).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HungWorkerIT {

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * The promise: a silent worker's replacement starts within the heartbeat timeout plus
	 * this, counted from the moment it went silent.
	 */
	private static final Duration DETECTION_SLACK = Duration.ofSeconds(2);

	/**
	 * Shorter than the default so that the test need not wait long for the worker to
	 * count as long-running: a worker that hangs after it ran this long is restarted at
	 * once, not after a crash-loop backoff delay.
	 */
	private static final Duration MIN_UPTIME = Duration.ofSeconds(10);

	/** Clients of each kind: keep-alive and {@code Connection: close}. */
	private static final int CLIENTS = 8;

	/** Responses of the load started once the replacement is ready. */
	private static final long AFTER_RESPONSES = 5000;

	@Test
	void frozenWorkerUnderLoadIsKilledAndReplacedInTime(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = heartbeatCluster(testInfo).workers(2)
			.property("cluster.restart.min-uptime", MIN_UPTIME.toSeconds() + "s")
			.start()) {
			Set<Long> initial = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);
			long victim;
			WorkerReady replacement;
			LoadReport during;
			List<String> timeline = new ArrayList<>();
			try (HttpLoad load = load(cluster).start()) {
				Waits.until("both workers serving the load", Duration.ofSeconds(30),
						() -> load.pidsSeen().containsAll(initial), () -> " " + load.snapshot() + cluster.describe());
				// The busiest worker, so that requests are stuck on it while it is frozen.
				victim = load.busiest(initial, 2000, Duration.ofSeconds(30));
				ClusterStatus.Worker before = awaitUptime(cluster, actuator, victim, MIN_UPTIME);
				int slot = before.slot();
				Set<Long> known = cluster.readyEvents().stream().map(WorkerReady::pid).collect(Collectors.toSet());

				cluster.signal(victim, Signal.STOP);
				long stopped = System.nanoTime();
				ProcessOutput.Line silent = cluster.awaitMasterLineAfter(stopped,
						Pattern.compile(Pattern.quote(worker(slot, victim) + " sent no heartbeat for 5s; "
								+ "printing its threads and killing it")),
						Duration.ofSeconds(30));
				ProcessOutput.Line starting = cluster.awaitMasterLineAfter(stopped,
						Pattern.compile("Starting worker " + slot + " "), Duration.ofSeconds(30));
				timeline.add("silence reported " + silent.since(stopped).toMillis() + " ms after SIGSTOP");
				timeline.add("replacement started " + starting.since(stopped).toMillis() + " ms after SIGSTOP");
				cluster.note(String.join("; ", timeline));
				// The last beat came at most one interval before the SIGSTOP: not killed while beating.
				assertThat(silent.since(stopped)).as("silence detected after SIGSTOP (%s)%s", timeline,
						cluster.describe())
					.isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT.minus(HEARTBEAT_INTERVAL).minusMillis(500));
				assertThat(starting.since(stopped)).as("replacement started after SIGSTOP (%s)%s", timeline,
						cluster.describe())
					.isLessThanOrEqualTo(HEARTBEAT_TIMEOUT.plus(DETECTION_SLACK));

				replacement = cluster.awaitNewReadyWorker(known, Duration.ofSeconds(90));
				timeline.add("replacement " + replacement + " ready "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped) + " ms after SIGSTOP");
				assertThat(replacement.slot()).as("slot of the replacement %s", replacement).isEqualTo(slot);
				cluster.awaitGone(victim, Duration.ofSeconds(10));
				cluster.awaitOutput(Pattern.quote(worker(slot, victim) + " stopped with exit code 137"),
						Duration.ofSeconds(10));
				during = load.stop();
			}
			cluster.note("load around the hang: " + during);
			assertThat(cluster.lines()).as("master killed the frozen worker at its deadline%s", cluster.describe())
				.anyMatch((line) -> line.contains(worker(replacement.slot(), victim)
						+ " is still running at its stop deadline; killing it"));

			// Requests started once the replacement is ready must all succeed.
			Set<Long> serving = cluster.awaitReadyWorkers(2, Duration.ofSeconds(30));
			LoadReport after;
			try (HttpLoad load = load(cluster).start()) {
				load.awaitResponses(serving, AFTER_RESPONSES, UnderLoad.SERVING_TIMEOUT);
				after = load.stop();
			}
			cluster.note("load after the replacement was ready: " + after);
			assertThat(after.unsuccessful()).as("unsuccessful requests after the replacement was ready: %s (%s)%s",
					after, timeline, cluster.describe())
				.isZero();
			assertThat(after.pids()).as("who answered after the replacement was ready: %s", after)
				.containsExactlyInAnyOrderElementsOf(serving);
			// Only requests stuck on the frozen worker may fail: one per client at most (there
			// are CLIENTS of each kind), since a client that failed reconnects to a live worker.
			assertThat(during.unsuccessful()).as("unsuccessful requests around the hang: %s (%s)%s", during,
					timeline, cluster.describe())
				.isLessThanOrEqualTo(2L * CLIENTS);
			assertThat(serving).as("ready workers at the end (%s)%s", timeline, cluster.describe())
				.contains(replacement.pid())
				.doesNotContain(victim)
				.hasSize(2);
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
		}
	}

	@Test
	void workerWithEveryRequestThreadStuckPrintsItsThreadsAndIsReplaced(TestInfo testInfo) throws IOException {
		int threads = 2;
		try (ClusterProcess cluster = heartbeatCluster(testInfo).workers(1)
			.property("server.tomcat.threads.max", Integer.toString(threads))
			.property("server.tomcat.threads.min-spare", "1")
			.start()) {
			long victim = cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP).iterator().next();
			Set<Long> known = Set.of(victim);
			// The heartbeat runs on the request threads: with all of them busy, the worker goes
			// silent although its JVM runs.
			try (PendingRequests stuck = PendingRequests.send(cluster.port(), "/slow?ms=60000", threads,
					Duration.ofSeconds(90))) {
				cluster.note("sent " + threads + " requests of 60 s to " + victim);
				String prefix = "[worker 1 pid " + victim + "] ";
				cluster.awaitOutput(Pattern.quote(worker(1, victim) + " sent no heartbeat for 5s; "
						+ "printing its threads and killing it"), Duration.ofSeconds(60));
				cluster.awaitOutput("^" + Pattern.quote(prefix) + "Full thread dump", Duration.ofSeconds(10));
				cluster.awaitOutput("^" + Pattern.quote(prefix) + ".*HelloController\\.slow",
						Duration.ofSeconds(10));
				cluster.awaitOutput(Pattern.quote(worker(1, victim) + " stopped with exit code 137"),
						Duration.ofSeconds(10));
				WorkerReady replacement = cluster.awaitNewReadyWorker(known, Duration.ofSeconds(90));
				cluster.awaitGone(victim, Duration.ofSeconds(5));

				HttpResponse hello = HttpConnection.get(cluster.port(), "/hello");
				assertThat(hello.status()).as("GET /hello after the replacement: %s%s", hello, cluster.describe())
					.isEqualTo(200);
				assertThat(hello.pid()).as("who answered: %s", hello).hasValue(replacement.pid());
			}
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
		}
	}

	private static ClusterProcess.Builder heartbeatCluster(TestInfo testInfo) {
		return ClusterProcess.builder(testInfo)
			.property("cluster.heartbeat.interval", HEARTBEAT_INTERVAL.toSeconds() + "s")
			.property("cluster.heartbeat.timeout", HEARTBEAT_TIMEOUT.toSeconds() + "s");
	}

	private static HttpLoad.Builder load(ClusterProcess cluster) {
		return HttpLoad.to(cluster.port())
			.clientsOfEachKind(CLIENTS)
			.maxDuration(Duration.ofMinutes(3));
	}

	/** Waits until the worker has run at least {@code uptime}, as the master sees it. */
	private static ClusterStatus.Worker awaitUptime(ClusterProcess cluster, ClusterActuator actuator, long pid,
			Duration uptime) {
		return Waits.until("worker " + pid + " up for " + uptime.toSeconds() + " s", Duration.ofSeconds(60),
				() -> actuator.status().process(pid).orElseThrow(), (worker) -> worker.hasFigures()
						&& Duration.parse(worker.uptime()).compareTo(uptime) >= 0,
				cluster::describe);
	}

	/** How the master names a worker in its log. */
	private static String worker(int slot, long pid) {
		return "Worker " + slot + " (pid " + pid + ")";
	}

}
