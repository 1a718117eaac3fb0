package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import io.clusterboot.demo.e2e.PrometheusExposition.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus scrapes the cluster's one port and sees the whole application (issue 32,
 * item 1): on the demo-store with 2 workers, every scrape of {@code /actuator/prometheus}
 * lists both workers, each series tagged with its worker's slot, their values stable
 * from scrape to scrape (each worker's {@code process_start_time_seconds} constant, every
 * counter non-decreasing), the per-cluster meters once and untagged, in an exposition
 * that a strict parser of the Prometheus text format and of OpenMetrics takes; summed
 * over the workers, the requests of a URI are the requests sent. A reload (both workers
 * at once) changes the series to the new workers, scraped all along, no scrape failing.
 * A scraper that asks for Prometheus' protobuf format first gets OpenMetrics.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterScrapeIT {

	private static final int SCRAPES = 20;

	private static final String PATH = "/actuator/prometheus";

	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

	/**
	 * What Prometheus asks for with native histograms on: protobuf first, which a cluster
	 * scrape answers with OpenMetrics.
	 */
	private static final String PROTOBUF_FIRST = "application/vnd.google.protobuf;"
			+ "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
			+ "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3";

	private static final String START_TIME = "process_start_time_seconds";

	private static final Duration RELOAD = Duration.ofSeconds(90);

	/** The names of the per-cluster meters begin so. */
	private static final List<String> PER_CLUSTER = List.of("cluster_workers", "cluster_worker_restarts",
			"cluster_reload", "cluster_sessions");

	@TempDir
	Path directory;

	private final List<Long> scrapeMillis = new ArrayList<>();

	@Test
	void aScrapeOfTheClustersPortShowsEveryWorkerAndFollowsAReload(TestInfo testInfo) throws Exception {
		long started = System.nanoTime();
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(DemoJar.store())
			.workers(2)
			.property("store.data-directory", this.directory.resolve("data").toString())
			// both workers replaced at once: a shorter reload
			.property("cluster.reload.batch-size", "2")
			// no training run competing with the workers on 2 cores
			.property("cluster.boot-cache.enabled", "false")
			.start()) {
			ClusterActuator actuator = new ClusterActuator(cluster);
			cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			long ready = System.nanoTime();
			int hellos = 0;
			Map<String, Double> startTimes = null;
			PrometheusExposition previous = null;
			for (int i = 0; i < SCRAPES; i++) {
				HttpConnection.get(cluster.port(), "/hello");
				hellos++;
				PrometheusExposition scrape = scrape(cluster, i % 2 == 1);
				Map<String, Double> times = byWorker(scrape, START_TIME);
				assertThat(times).as("%s of scrape %d", START_TIME, i).containsOnlyKeys("1", "2");
				if (startTimes != null) {
					assertThat(times).as("%s of scrape %d, the same workers", START_TIME, i).isEqualTo(startTimes);
					assertNonDecreasing(previous, scrape, i);
				}
				startTimes = times;
				previous = scrape;
			}
			int sent = hellos;
			Map<String, Double> firstWorkers = startTimes;
			PrometheusExposition last = Waits.until("the leader's per-cluster meters and every /hello counted",
					Duration.ofSeconds(20), () -> scrape(cluster, false),
					(scrape) -> sumWithoutWorker(scrape, "/hello") == sent
							&& !scrape.samples("cluster_workers").isEmpty(),
					cluster::describe);
			assertThat(last.samples("cluster_workers")).as("per-cluster meters: once, untagged")
				.allSatisfy((sample) -> assertThat(sample.labels()).doesNotContainKey("worker"))
				.extracting((sample) -> sample.labels().get("state"))
				.doesNotHaveDuplicates();
			assertThat(last.samples().stream().filter((sample) -> !isPerCluster(sample)))
				.as("every other series tagged with its worker")
				.allSatisfy((sample) -> assertThat(sample.labels()).containsKey("worker"));
			assertThat(last.samples("cluster_scrape_missed_total")).as("workers left out, counted per worker")
				.isNotEmpty();

			long reloadStarted = System.nanoTime();
			ClusterStatus before = actuator.status();
			Reload reload = ReloadTrigger.SIGHUP.start(cluster, actuator);
			int duringReload = 0;
			Map<String, Double> newStartTimes;
			do {
				PrometheusExposition scrape = scrape(cluster, duringReload % 2 == 1);
				duringReload++;
				newStartTimes = byWorker(scrape, START_TIME);
				assertThat(System.nanoTime() - reloadStarted).as("the reload's duration%s", cluster.describe())
					.isLessThan(RELOAD.toNanos());
			}
			while (!replacedBoth(startTimes, newStartTimes) || !actuator.status().isSettledAt(reload.generation()));
			actuator.awaitRolledOut(before, reload, ReloadTrigger.SIGHUP);
			PrometheusExposition after = scrape(cluster, PROTOBUF_FIRST, true);
			assertThat(byWorker(after, START_TIME)).as("the new workers' series").containsOnlyKeys("1", "2")
				.allSatisfy((worker, time) -> assertThat(time).isGreaterThan(firstWorkers.get(worker)));
			long reloadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reloadStarted);

			String figures = String.format(
					"ready in %d s; %d scrapes before the reload, %d during it (%d ms), none failed; scrape median %d "
							+ "ms, max %d ms; %d s in all",
					TimeUnit.NANOSECONDS.toSeconds(ready - started), SCRAPES, duringReload, reloadMillis,
					this.scrapeMillis.stream().sorted().toList().get(this.scrapeMillis.size() / 2),
					this.scrapeMillis.stream().mapToLong(Long::longValue).max().orElse(0),
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
			cluster.note(figures);
			System.out.println("ClusterScrapeIT: " + figures);
		}
	}

	/**
	 * Scrapes the cluster's port on a new connection, which any worker may accept, in the
	 * Prometheus text format or OpenMetrics.
	 */
	private PrometheusExposition scrape(ClusterProcess cluster, boolean openMetrics) throws IOException {
		return scrape(cluster, openMetrics ? OPENMETRICS : "text/plain", openMetrics);
	}

	private PrometheusExposition scrape(ClusterProcess cluster, String accept, boolean openMetrics)
			throws IOException {
		long started = System.nanoTime();
		HttpResponse response;
		try (HttpConnection connection = HttpConnection.open(cluster.port(), Duration.ofSeconds(10))) {
			connection.send("GET", PATH, true, accept);
			response = connection.readResponse();
		}
		this.scrapeMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		assertThat(response.status()).as("a scrape's status%s", cluster.describe()).isEqualTo(200);
		assertThat(response.headers().get("content-type")).as("the answer to Accept: %s", accept)
			.startsWith(openMetrics ? "application/openmetrics-text" : "text/plain");
		try {
			return PrometheusExposition.parse(response.body(), openMetrics);
		}
		catch (IllegalArgumentException ex) {
			throw new AssertionError("A scrape (" + (openMetrics ? "OpenMetrics" : "text") + ") that does not parse: "
					+ ex.getMessage() + cluster.describe(), ex);
		}
	}

	private static Map<String, Double> byWorker(PrometheusExposition scrape, String name) {
		return scrape.samples(name)
			.stream()
			.collect(Collectors.toMap((sample) -> sample.labels().get("worker"), Sample::value));
	}

	/**
	 * What {@code sum without (worker) (http_server_requests_seconds_count{uri="..."})}
	 * answers: the requests of a URI that the whole cluster served.
	 */
	private static double sumWithoutWorker(PrometheusExposition scrape, String uri) {
		return scrape.samples("http_server_requests_seconds_count")
			.stream()
			.filter((sample) -> uri.equals(sample.labels().get("uri")))
			.mapToDouble(Sample::value)
			.sum();
	}

	private static void assertNonDecreasing(PrometheusExposition previous, PrometheusExposition current, int scrape) {
		Map<String, Double> before = new HashMap<>();
		previous.samples()
			.stream()
			.filter((sample) -> isCounting(previous, sample))
			.forEach((sample) -> before.put(sample.series(), sample.value()));
		current.samples()
			.stream()
			.filter((sample) -> isCounting(current, sample))
			.filter((sample) -> before.containsKey(sample.series()))
			.forEach((sample) -> assertThat(sample.value()).as("%s in scrape %d", sample.series(), scrape)
				.isGreaterThanOrEqualTo(before.get(sample.series())));
	}

	/**
	 * Whether a sample only grows: a counter's, or the count of a histogram or summary
	 * but a long task timer's ({@code http_server_requests_active_seconds}), which counts
	 * the tasks running now.
	 */
	private static boolean isCounting(PrometheusExposition scrape, Sample sample) {
		String type = scrape.type(sample.family());
		return "counter".equals(type) || (List.of("histogram", "summary").contains(type)
				&& sample.name().equals(sample.family() + "_count") && !sample.family().endsWith("_active_seconds"));
	}

	/**
	 * Whether a sample is of a per-cluster meter, which the leader alone publishes.
	 */
	private static boolean isPerCluster(Sample sample) {
		return PER_CLUSTER.stream().anyMatch(sample.name()::startsWith);
	}

	private static boolean replacedBoth(Map<String, Double> before, Map<String, Double> now) {
		return now.keySet().equals(before.keySet())
				&& now.entrySet().stream().allMatch((entry) -> entry.getValue() > before.get(entry.getKey()));
	}

}
