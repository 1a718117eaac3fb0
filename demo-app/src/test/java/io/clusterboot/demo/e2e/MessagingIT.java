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
 * as an application event (issue 6, item 4).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MessagingIT {

	@Test
	void broadcastFromOneWorkerReachesEveryWorker(TestInfo testInfo) throws IOException {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(2).start()) {
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
		}
	}

	record Board(long pid) {
	}

}
