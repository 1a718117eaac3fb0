package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two reload requests sent at the same moment start one reload: the second joins the
 * first (issue 3, item 6d).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrentReloadIT {

	private static final int WORKERS = 2;

	private static final int REQUESTS = 2;

	private static final Pattern STARTED = Pattern.compile("Reload \\d+ \\(generation \\d+\\) started by ");

	@Test
	void concurrentReloadRequestsStartOneReload(TestInfo testInfo) throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo).workers(WORKERS).start()) {
			cluster.awaitReadyWorkers(WORKERS, ClusterProcess.STARTUP);
			ClusterActuator actuator = new ClusterActuator(cluster);
			ClusterStatus before = actuator.status();

			List<HttpResponse> answers = postReloadsAtOnce(cluster);
			List<Reload> reloads = answers.stream().map(actuator::accepted).toList();
			Reload reload = reloads.get(0);
			assertThat(reloads).as("reloads answered to %d concurrent requests%s", REQUESTS, cluster.describe())
				.extracting(Reload::id)
				.containsOnly(reload.id());
			actuator.awaitRolledOut(before, reload, ReloadTrigger.ENDPOINT);

			assertThat(actuator.status().master().generation()).as("generation after one reload%s", cluster.describe())
				.isEqualTo(reload.generation());
			List<String> masterLines = cluster.lines()
				.stream()
				.filter((line) -> !line.startsWith(ClusterProcess.WORKER_PREFIX))
				.toList();
			assertThat(masterLines).as("reloads started%s", cluster.describe())
				.filteredOn((line) -> STARTED.matcher(line).find())
				.singleElement()
				.asString()
				.containsPattern(ClusterActuator.logPrefix(reload) + "started by ");
			assertThat(masterLines).as("requests that joined %s%s", reload, cluster.describe())
				.filteredOn((line) -> line.contains(" joins Reload " + reload.id() + " "))
				.hasSize(REQUESTS - 1);
		}
	}

	/**
	 * Opens a connection per request, then has one thread per connection send its
	 * {@code POST /actuator/cluster/reload} when all are released at once.
	 */
	private static List<HttpResponse> postReloadsAtOnce(ClusterProcess cluster)
			throws IOException, InterruptedException, ExecutionException, TimeoutException {
		List<HttpConnection> connections = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
		try {
			for (int i = 0; i < REQUESTS; i++) {
				connections.add(HttpConnection.open(cluster.port(), HttpConnection.READ_TIMEOUT));
			}
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse>> futures = new ArrayList<>();
			for (HttpConnection connection : connections) {
				futures.add(threads.submit(() -> {
					go.await();
					connection.send("POST", ClusterActuator.RELOAD_PATH, true);
					return connection.readResponse();
				}));
			}
			cluster.note(REQUESTS + " concurrent POST " + ClusterActuator.RELOAD_PATH);
			go.countDown();
			List<HttpResponse> answers = new ArrayList<>();
			for (Future<HttpResponse> future : futures) {
				answers.add(future.get(HttpConnection.READ_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS));
			}
			cluster.note("answers: " + answers);
			return answers;
		}
		finally {
			threads.shutdownNow();
			connections.forEach(HttpConnection::close);
		}
	}

}
