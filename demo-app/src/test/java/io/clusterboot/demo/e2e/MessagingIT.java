package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message broadcast with {@code ClusterMessenger} in one worker arrives in every worker
 * as an application event (issue 6, item 4); and a storm of broadcasts holds nothing of
 * the master's up: {@code TERM} in the middle of it stops the cluster within
 * {@code cluster.process-kill-timeout}, no worker is taken for hung on the way, and no
 * process is left (issue 29, item 6).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MessagingIT {

	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Messages each of the storm's threads broadcasts.
	 */
	private static final int FLOOD = 200_000;

	/**
	 * Messages of the storm a worker has received when the master is sent TERM.
	 */
	private static final long STORM = 20_000;

	@Test
	void broadcastFromOneWorkerReachesEveryWorkerAndAStormDoesNotHoldUpTerm(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			String text = UUID.randomUUID().toString();
			HttpResponse sent = HttpConnection.request(cluster.port(), "POST",
					"/messages?topic=cache.evict&text=" + text);
			assertThat(sent.status()).as("broadcast %s%s", sent, cluster.describe()).isEqualTo(200);
			Set<Long> reached = new HashSet<>();
			Waits.until("the message in every worker " + workers, Duration.ofSeconds(30), () -> {
				HttpResponse received = HttpConnection.get(cluster.port(), "/messages");
				if (received.status() == 200 && received.body().contains(text)
						&& received.body().contains("\"topic\":\"cache.evict\"")) {
					Json.tryRead(received.body(), Board.class).ifPresent((board) -> reached.add(board.pid()));
				}
				return Set.copyOf(reached);
			}, (pids) -> pids.containsAll(workers), cluster::describe);
			assertThat(reached).containsExactlyInAnyOrderElementsOf(workers);

			HttpResponse flooding = HttpConnection.request(cluster.port(), "POST",
					"/messages/flood?threads=2&count=" + FLOOD);
			assertThat(flooding.status()).as("flood %s%s", flooding, cluster.describe()).isEqualTo(200);
			long received = Waits.until(STORM + " messages of the storm in a worker", Duration.ofSeconds(60), () -> {
				HttpResponse board = HttpConnection.get(cluster.port(), "/messages");
				return (board.status() == 200) ? Json.tryRead(board.body(), Board.class).map(Board::count).orElse(0L)
						: 0L;
			}, (count) -> count >= STORM, cluster::describe);
			cluster.note(received + " messages received by a worker: sending TERM to the master");
			long signalled = System.nanoTime();
			cluster.signalMaster(Signal.TERM);
			int exitCode = cluster.awaitMasterExit(PROCESS_KILL_TIMEOUT);
			cluster.note("master exited " + (System.nanoTime() - signalled) / 1_000_000 + " ms after SIGTERM");
			assertThat(exitCode).as("master exit code%s", cluster.describe()).isZero();
			Waits.until("every process of the cluster to be gone", Duration.ofSeconds(10),
					() -> cluster.runningDescendantsEverSeen().isEmpty(), cluster::describe);
			assertThat(cluster.lines()).as("workers taken for hung during the storm%s", cluster.describe())
				.noneMatch((line) -> line.contains("does not take the master's messages")
						|| line.contains("sent no heartbeat"));
		}
	}

	record Board(long pid, long count) {
	}

}
