package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change to a cached entry through one worker ({@code @CachePut}) evicts it in the
 * other worker, which then reads the new value, within a second (measured on 2 busy
 * cores: the first change, which runs cold code, 70 to 110 ms after its request was sent
 * and 30 to 65 ms after its answer; the next ones 3 to 25 ms after their answer); a
 * {@code @Cacheable} fill in one worker does not evict the others' copy (issue 31, item
 * 2). Each worker is reached on a keep-alive connection of its own, so
 * every poll asks the worker it means to.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CacheInvalidationIT {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	private static final String PATH = "/greetings/ada";

	/**
	 * Changes made, through either worker in turn: the first runs cold code.
	 */
	private static final int ROUNDS = 5;

	@Test
	void changeThroughOneWorkerReachesTheOtherWithinASecond(TestInfo testInfo, @TempDir Path directory)
			throws IOException {
		Path file = directory.resolve("greetings.properties");
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("demo.greetings-file", file.toString())
			.property("server.tomcat.max-keep-alive-requests", "-1")
			.start()) {
			Set<Long> workers = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			Map<Long, HttpConnection> connections = connectToEach(cluster, workers);
			try {
				HttpConnection[] both = connections.values().toArray(HttpConnection[]::new);
				for (HttpConnection connection : both) {
					assertThat(greet(connection).text()).isEqualTo("Hello, ada");
				}
				for (HttpConnection connection : both) {
					Greeting cached = greet(connection);
					assertThat(cached.loads()).as("loads of worker %d: the other's fill evicted nothing", cached.pid())
						.isOne();
				}
				Files.writeString(file, "ada=changed behind the caches\n");
				for (HttpConnection connection : both) {
					assertThat(greet(connection).text()).as("still cached").isEqualTo("Hello, ada");
				}

				List<String> measured = new ArrayList<>();
				for (int round = 0; round < ROUNDS; round++) {
					HttpConnection writer = both[round % 2];
					HttpConnection reader = both[(round + 1) % 2];
					String text = "Bonjour-" + round + "-" + UUID.randomUUID();
					long sent = System.nanoTime();
					writer.send("PUT", PATH + "?text=" + text, false);
					Greeting changed = Json.read(writer.readResponse().body(), Greeting.class);
					long answered = System.nanoTime();
					assertThat(changed.text()).isEqualTo(text);
					long seen = awaitGreeting(reader, text, answered + DEADLINE.toNanos());
					measured.add(String.format("change %d made in worker %d served by the other %.1f ms after the PUT was "
							+ "sent, %.1f ms after it was answered", round + 1, changed.pid(), (seen - sent) / 1e6,
							(seen - answered) / 1e6));
					cluster.note(measured.get(round));
					assertThat(greet(writer).text()).isEqualTo(text);
					assertThat((seen - sent) / 1_000_000).as(measured + cluster.describe())
						.isLessThanOrEqualTo(DEADLINE.toMillis());
				}
				measured.forEach(System.out::println);
				assertThat(cluster.lines()).as("the application's listeners see no invalidation%s", cluster.describe())
					.noneMatch((line) -> line.contains("Exception"));
			}
			finally {
				for (HttpConnection connection : connections.values()) {
					connection.close();
				}
			}
		}
	}

	/**
	 * Opens connections until one of each worker answered on its own, and keeps those.
	 */
	private static Map<Long, HttpConnection> connectToEach(ClusterProcess cluster, Set<Long> workers) {
		Map<Long, HttpConnection> connections = new HashMap<>();
		Waits.until("a keep-alive connection to each worker " + workers, ClusterProcess.STARTUP, () -> {
			HttpConnection connection = HttpConnection.open(cluster.port(), HttpConnection.READ_TIMEOUT);
			long pid;
			try {
				pid = Json.read(connection.get("/hello", false).body(), Hello.class).pid();
			}
			catch (IOException | RuntimeException | AssertionError ex) {
				connection.close();
				throw ex;
			}
			if (workers.contains(pid) && !connections.containsKey(pid)) {
				connections.put(pid, connection);
			}
			else {
				connection.close();
			}
			return connections.size() == workers.size();
		}, cluster::describe);
		return connections;
	}

	/**
	 * Asks a worker for the greeting again and again, as fast as it answers, until it
	 * serves the given text or the deadline passes.
	 * @return when it first served the text
	 */
	private static long awaitGreeting(HttpConnection connection, String text, long deadline) throws IOException {
		while (true) {
			Greeting greeting = greet(connection);
			long now = System.nanoTime();
			if (greeting.text().equals(text)) {
				return now;
			}
			if (now - deadline > 0) {
				throw new AssertionError("Worker " + greeting.pid() + " still serves '" + greeting.text()
						+ "' " + DEADLINE.toMillis() + " ms after the change was answered");
			}
		}
	}

	private static Greeting greet(HttpConnection connection) throws IOException {
		return Json.read(connection.get(PATH, false).body(), Greeting.class);
	}

	record Greeting(String text, long pid, long loads) {
	}

	record Hello(long pid) {
	}

}
