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
 * serving: a frozen JVM (SIGSTOP) under load (issue 5, item 1). A worker whose request
 * threads are all busy is not silent: when a slow service holds every request thread of
 * every worker for longer than the heartbeat timeout, the workers go on beating, show as
 * saturated, and are kept, and every request is answered (issue 29, item 3).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HungWorkerIT {

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

	/** The heartbeat timeout of the saturated cluster, shorter than a slow request. */
	private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(3);

	/** How long a slow request holds its thread: the timeout, a beat and more. */
	private static final Duration SLOW = Duration.ofSeconds(5);

	private static final int REQUEST_THREADS = 2;

	/**
	 * The promise: a silent worker's replacement starts within the heartbeat timeout plus
	 * this, counted from the moment it went silent.
	 */
	private static final Duration DETECTION_SLACK = Duration.ofSeconds(2);

	/**
	 * Far shorter than the default so that the test need not wait for the worker to count
	 * as long-running: a worker that hangs after it ran this long is restarted at once, not
	 * after a crash-loop backoff delay.
	 */
	private static final Duration MIN_UPTIME = Duration.ofSeconds(3);

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
	void workersWithEveryRequestThreadBusyLongerThanTheTimeoutAreKeptAndServeAfter(TestInfo testInfo)
			throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.heartbeat.interval", HEARTBEAT_INTERVAL.toSeconds() + "s")
			.property("cluster.heartbeat.timeout", SHORT_TIMEOUT.toSeconds() + "s")
			.property("server.tomcat.threads.max", Integer.toString(REQUEST_THREADS))
			.property("server.tomcat.threads.min-spare", "1")
			.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			// A slow downstream service: requests that hold their thread for longer than the heartbeat
			// timeout, until every request thread of both workers is busy. A worker accepts connections
			// with every thread busy, so the first ones may mostly go to one worker: more are sent while
			// the status shows a worker that is not saturated.
			List<PendingRequests> slow = new ArrayList<>();
			List<HttpResponse> answers = new ArrayList<>();
			try {
				slow.add(sendSlow(cluster, 2 * REQUEST_THREADS));
				Saturation saturation = Waits.until("both workers saturated", Duration.ofSeconds(30), () -> {
					Saturation seen = saturation(cluster, workers);
					if (!seen.isComplete(workers)) {
						slow.add(sendSlow(cluster, REQUEST_THREADS));
					}
					return seen;
				}, (seen) -> seen.isComplete(workers), cluster::describe);
				cluster.note("saturated: " + saturation);
				assertThat(saturation.status().processes()).extracting(ClusterStatus.Worker::requestThreads)
					.containsOnly(new ClusterStatus.RequestThreads(REQUEST_THREADS, REQUEST_THREADS, true));
				for (PendingRequests requests : slow) {
					answers.addAll(requests.responses());
				}
			}
			finally {
				slow.forEach(PendingRequests::close);
			}
			assertThat(answers).as("the slow requests%s", cluster.describe())
				.allSatisfy((answer) -> assertThat(answer.status()).as("%s", answer).isEqualTo(200));
			assertThat(answers).extracting((answer) -> answer.pid().orElse(-1))
				.as("who answered the slow requests")
				.allMatch(workers::contains);
			HttpResponse hello = HttpConnection.get(cluster.port(), "/hello");
			assertThat(hello.status()).as("GET /hello after the slow requests: %s%s", hello, cluster.describe())
				.isEqualTo(200);
			ClusterStatus after = Waits.until("no worker saturated", Duration.ofSeconds(30), () -> status(cluster),
					(status) -> status.processes().stream().noneMatch(ClusterStatus.Worker::isSaturated),
					cluster::describe);
			assertThat(after.pids()).as("workers after the slow requests%s", cluster.describe()).isEqualTo(workers);
			assertThat(cluster.readyEvents()).as("workers started%s", cluster.describe()).hasSize(2);
			assertThat(cluster.lines()).as("master output%s", cluster.describe())
				.noneMatch((line) -> line.contains("sent no heartbeat"))
				.anyMatch((line) -> line.matches(".*Worker \\d \\(pid \\d+\\) is saturated: all " + REQUEST_THREADS
						+ " request threads are busy.*"))
				.anyMatch((line) -> line.matches(".*Worker \\d \\(pid \\d+\\) is no longer saturated, after \\d+s"));
			assertThat(cluster.isMasterRunning()).as("master alive%s", cluster.describe()).isTrue();
		}
	}

	private static PendingRequests sendSlow(ClusterProcess cluster, int count) throws IOException {
		cluster.note("sending " + count + " requests of " + SLOW.toMillis() + " ms");
		return PendingRequests.send(cluster.port(), "/slow?ms=" + SLOW.toMillis(), count, Duration.ofSeconds(90));
	}

	/**
	 * Reads the status, and the status table if every worker is saturated: the table may
	 * come too late, once a worker is no longer saturated, and the caller looks again.
	 */
	private static Saturation saturation(ClusterProcess cluster, Set<Long> workers) throws Exception {
		ClusterStatus status = status(cluster);
		boolean saturated = status.pids().equals(workers)
				&& status.processes().stream().allMatch(ClusterStatus.Worker::isSaturated);
		return new Saturation(status, saturated ? command(cluster, "status").out() : null);
	}

	/** The cluster's status, as {@code status --json} of the control command prints it. */
	private static ClusterStatus status(ClusterProcess cluster) throws Exception {
		ControlCommandRun run = command(cluster, "status", "--json");
		assertThat(run.exitCode()).as("status --json: %s", run).isZero();
		return Json.read(run.out(), ClusterStatus.class);
	}

	private static ControlCommandRun command(ClusterProcess cluster, String... args) throws Exception {
		List<String> withPid = new ArrayList<>(List.of(args));
		withPid.addAll(List.of("--pid", Long.toString(cluster.masterPid())));
		return ControlCommandRun.of(DemoJar.path(), Duration.ofSeconds(30), List.of(), withPid.toArray(String[]::new));
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

	/**
	 * The status and, if every worker was saturated in it, the status table read next.
	 *
	 * @param status the status
	 * @param table the table, or {@code null}
	 */
	private record Saturation(ClusterStatus status, String table) {

		/** Whether the table, too, shows every worker saturated. */
		boolean isComplete(Set<Long> workers) {
			return this.table != null && this.table.contains("2 saturated (every request thread busy)")
					&& workers.stream()
						.allMatch((pid) -> Pattern.compile("\\n\\d +" + pid + " +1 +READY .* " + REQUEST_THREADS + "/"
								+ REQUEST_THREADS + " saturated ")
							.matcher(this.table)
							.find());
		}

	}

	/** How the master names a worker in its log. */
	private static String worker(int slot, long pid) {
		return "Worker " + slot + " (pid " + pid + ")";
	}

}
