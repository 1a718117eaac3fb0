package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers past their request limit (with jitter) or above the memory limit are replaced
 * the way a reload replaces them, new one ready first, one at a time, without a failed
 * request under load (issue 5, item 3).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RecyclingIT {

	private static final int WORKERS = 2;

	private static final int MAX_REQUESTS = 2000;

	private static final int JITTER = 500;

	private static final Pattern RECYCLED_BY_REQUESTS = Pattern
		.compile("Recycling Worker (\\d+) \\(pid (\\d+)\\): served (\\d+) requests \\(limit (\\d+)\\)");

	private static final Pattern RECYCLED = Pattern.compile("Recycling Worker (\\d+) \\(pid (\\d+)\\)");

	private static final long MAX_MEMORY_MB = 400;

	/** How far below the memory limit a fresh worker must be for the test to mean anything. */
	private static final long FRESH_MARGIN_MB = 100;

	private static final int LEAK_MB = 100;

	private static final int MAX_LEAKS = 5;

	private static final long MB = 1024 * 1024;

	private static final Duration REPLACEMENT_READY = Duration.ofSeconds(90);

	@Test
	void workersPastTheirRequestLimitAreReplacedOneAtATimeWithoutLoss(TestInfo testInfo) throws Exception {
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo)
			.workers(WORKERS)
			.property("cluster.heartbeat.interval", "1s")
			.property("cluster.recycle.max-requests", Integer.toString(MAX_REQUESTS))
			.property("cluster.recycle.max-requests-jitter", Integer.toString(JITTER));
		UnderLoad.run(builder, 16, Duration.ofMinutes(4), (context) -> {
			ClusterProcess cluster = context.cluster();
			try (WorkerCountSampler sampler = WorkerCountSampler.start(cluster, Duration.ofMinutes(4))) {
				List<ProcessOutput.Line> recycles = cluster.awaitMasterLines(RECYCLED_BY_REQUESTS, 2,
						Duration.ofMinutes(2));
				List<String> accounts = new ArrayList<>();
				ProcessOutput.Line previousReady = null;
				for (ProcessOutput.Line recycle : recycles.subList(0, 2)) {
					Matcher matcher = matcher(RECYCLED_BY_REQUESTS, recycle);
					int slot = Integer.parseInt(matcher.group(1));
					long pid = Long.parseLong(matcher.group(2));
					long served = Long.parseLong(matcher.group(3));
					long limit = Long.parseLong(matcher.group(4));
					assertThat(limit).as("limit in '%s'", recycle.text()).isBetween((long) MAX_REQUESTS,
							(long) MAX_REQUESTS + JITTER);
					assertThat(served).as("requests served in '%s'", recycle.text()).isGreaterThanOrEqualTo(limit);
					if (previousReady != null) {
						// One at a time: the next worker is recycled only once the previous
						// replacement is ready.
						assertThat(recycle.nanoTime()).as("'%s' after '%s'%s", recycle.text(), previousReady.text(),
								cluster.describe())
							.isGreaterThan(previousReady.nanoTime());
					}
					ProcessOutput.Line ready = awaitReplacementReady(cluster, recycle, slot, pid);
					cluster.awaitGone(pid, ClusterActuator.DRAIN_TIMEOUT);
					accounts.add(recycle.text().replaceFirst(".*(Recycling)", "$1") + "; replaced "
							+ ready.since(recycle.nanoTime()).toMillis() + " ms later");
					previousReady = ready;
				}
				cluster.note("recycled: " + accounts);
				context.assertNoLossSoFar("after two recyclings " + accounts);
				WorkerCountSampler.Sample largest = sampler.largest();
				WorkerCountSampler.Sample mostStarting = sampler.mostStarting();
				cluster.note("in " + sampler.samples() + " samples, most live workers: " + largest
						+ "; most starting: " + mostStarting);
				// One replacement at a time: never two workers starting at once.
				assertThat(mostStarting.starting()).as("most workers starting at once, %s (%d samples; %s)%s",
						mostStarting, sampler.samples(), accounts, cluster.describe())
					.hasSizeLessThanOrEqualTo(1);
				// The desired workers and one more: a replacement starting or, once it is
				// ready, the worker it replaces draining; the next recycling waits for both.
				assertThat(largest.pids()).as("most live workers at once, %s (%d samples; %s)%s", largest,
						sampler.samples(), accounts, cluster.describe())
					.hasSizeLessThanOrEqualTo(WORKERS + 1);
			}
		});
	}

	@Test
	void workerAboveTheMemoryLimitIsReplacedWithoutLoss(TestInfo testInfo) throws Exception {
		ClusterProcess.Builder builder = ClusterProcess.builder(testInfo)
			.workers(WORKERS)
			// Room for the leak in the heap; a small initial heap keeps fresh workers small.
			.jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx768m")
			.property("cluster.heartbeat.interval", "1s")
			.property("cluster.recycle.max-memory", MAX_MEMORY_MB + "MB");
		UnderLoad.run(builder, 4, Duration.ofMinutes(4), (context) -> {
			ClusterProcess cluster = context.cluster();
			ClusterActuator actuator = context.actuator();
			ClusterStatus fresh = Waits.until("figures of both workers", Duration.ofSeconds(30), actuator::status,
					(status) -> status.processes().size() == WORKERS
							&& status.processes().stream().allMatch(ClusterStatus.Worker::hasFigures),
					cluster::describe);
			assertThat(fresh.processes()).as("fresh workers well below %d MB: %s", MAX_MEMORY_MB, fresh)
				.allSatisfy((worker) -> assertThat(worker.residentMemory())
					.isLessThan((MAX_MEMORY_MB - FRESH_MARGIN_MB) * MB));

			Leak leak = leakAboveLimit(cluster, actuator);
			cluster.note("leaked: " + leak);
			ProcessOutput.Line recycle = cluster.awaitMasterLines(RECYCLED, 1, Duration.ofSeconds(30)).get(0);
			Matcher matcher = Pattern
				.compile(Pattern.quote("Recycling Worker " + leak.slot() + " (pid " + leak.pid()
						+ "): resident memory ") + "(\\d+)MB is above " + MAX_MEMORY_MB + "MB")
				.matcher(recycle.text());
			assertThat(matcher.find()).as("first recycling, of the leaking worker %s: '%s'%s", leak, recycle.text(),
					cluster.describe())
				.isTrue();
			assertThat(Long.parseLong(matcher.group(1))).as("resident memory in '%s'", recycle.text())
				.isGreaterThanOrEqualTo(MAX_MEMORY_MB);

			awaitReplacementReady(cluster, recycle, leak.slot(), leak.pid());
			cluster.awaitGone(leak.pid(), ClusterActuator.DRAIN_TIMEOUT);
			Set<Long> serving = cluster.awaitReadyWorkers(WORKERS, Duration.ofSeconds(30));
			context.awaitResponses(serving);
			assertThat(cluster.masterLines(RECYCLED)).as("recyclings: only the leaking worker's%s",
					cluster.describe())
				.hasSize(1);
			assertThat(serving).as("ready workers after the recycling").doesNotContain(leak.pid());
		});
	}

	/**
	 * Makes one worker keep memory, {@value #LEAK_MB} MB per request on one keep-alive
	 * connection (so always the same worker), until the master sees its resident memory
	 * at the limit.
	 */
	private static Leak leakAboveLimit(ClusterProcess cluster, ClusterActuator actuator) throws IOException {
		try (HttpConnection connection = HttpConnection.open(cluster.port(), Duration.ofSeconds(30))) {
			for (int i = 1; i <= MAX_LEAKS; i++) {
				HttpResponse response = connection.get("/leak?mb=" + LEAK_MB, false);
				assertThat(response.status()).as("leak %d: %s%s", i, response, cluster.describe()).isEqualTo(200);
				Responder leaker = response.responder().orElseThrow();
				Instant leaked = Instant.now();
				ClusterStatus.Worker worker = Waits.until("a heartbeat of " + leaker + " after leak " + i,
						Duration.ofSeconds(15), () -> actuator.status().process(leaker.pid()).orElseThrow(),
						(candidate) -> candidate.lastHeartbeat() != null
								&& Instant.parse(candidate.lastHeartbeat()).isAfter(leaked),
						cluster::describe);
				cluster.note("after leaking " + (i * LEAK_MB) + " MB: " + worker);
				if (worker.residentMemory() >= MAX_MEMORY_MB * MB) {
					return new Leak(worker.slot(), worker.pid(), i * LEAK_MB, worker.residentMemory());
				}
			}
		}
		throw new AssertionError("Resident memory still below " + MAX_MEMORY_MB + " MB after leaking "
				+ (MAX_LEAKS * LEAK_MB) + " MB" + cluster.describe());
	}

	/** Waits until a worker of the slot other than the recycled one is ready after the recycling. */
	private static ProcessOutput.Line awaitReplacementReady(ClusterProcess cluster, ProcessOutput.Line recycle,
			int slot, long pid) {
		ProcessOutput.Line ready = cluster.awaitMasterLineAfter(recycle.nanoTime(),
				Pattern.compile("Worker " + slot + " \\(pid (?!" + pid + "\\))\\d+\\) is ready"), REPLACEMENT_READY);
		cluster.note("replacement of " + pid + ": " + ready.text());
		return ready;
	}

	private static Matcher matcher(Pattern pattern, ProcessOutput.Line line) {
		Matcher matcher = pattern.matcher(line.text());
		assertThat(matcher.find()).as("'%s' matches /%s/", line.text(), pattern).isTrue();
		return matcher;
	}

	/**
	 * A worker made to leak.
	 *
	 * @param slot its slot
	 * @param pid its pid
	 * @param leakedMb how much it was made to keep
	 * @param residentMemory its resident memory as last reported, in bytes
	 */
	private record Leak(int slot, long pid, long leakedMb, long residentMemory) {
	}

}
