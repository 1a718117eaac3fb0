package io.clusterboot.internal.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.internal.metrics.ClusterScrapes.Exposition;
import io.clusterboot.internal.worker.MasterUnavailableException;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.messaging.ClusterMessageEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterScrapes}: workers in one JVM, whose cluster messages go
 * through JSON as the master forwards them.
 *
 * @author ClusterBoot team
 */
@Timeout(5)
class ClusterScrapesTests {

	private static final Duration TIMEOUT = Duration.ofMillis(100);

	/**
	 * A timeout that a scrape that waits for none stays well below, also in a JVM that
	 * just started.
	 */
	private static final Duration LONG_TIMEOUT = Duration.ofSeconds(2);

	private final Cluster cluster = new Cluster();

	@Test
	void aScrapeGathersTheOtherServingWorkersByTheirSlot() {
		ClusterScrapes first = this.cluster.worker(1, 1, LONG_TIMEOUT);
		this.cluster.worker(3, 3, TIMEOUT).answerWith((format, names) -> "worker 3 " + format + " " + names);
		this.cluster.worker(2, 2, TIMEOUT).answerWith((format, names) -> "worker 2 " + format + " " + names);
		first.answerWith((format, names) -> "worker 1");
		long started = System.nanoTime();
		List<Exposition> expositions = first.gather("CONTENT_TYPE_004", Set.of("up"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waiting for none but the serving workers")
			.isLessThan(LONG_TIMEOUT.dividedBy(2));
		assertThat(expositions).containsExactly(new Exposition(2, 2, "worker 2 CONTENT_TYPE_004 [up]"),
				new Exposition(3, 3, "worker 3 CONTENT_TYPE_004 [up]"));
		assertThat(first.missed()).isZero();
	}

	@Test
	void aWorkerThatDoesNotAnswerInTimeIsLeftOutAndCounted() {
		ClusterScrapes first = this.cluster.worker(1, 1, TIMEOUT);
		this.cluster.worker(2, 2, TIMEOUT).answerWith((format, names) -> "worker 2");
		this.cluster.worker(3, 3, TIMEOUT);
		long started = System.nanoTime();
		assertThat(first.gather("CONTENT_TYPE_004", null)).containsExactly(new Exposition(2, 2, "worker 2"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TIMEOUT)
			.isLessThan(TIMEOUT.multipliedBy(10));
		assertThat(first.missed()).isEqualTo(1);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		first.bindTo(registry);
		assertThat(registry.get("cluster.scrape.missed").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void aLargeExpositionTravelsInPartsAndTheNewestWorkerOfASlotComesFirst() {
		StringBuilder large = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			large.append("metric_").append(i).append("{worker=\"2\"} ").append(i * 31 % 977).append('\n');
		}
		ClusterScrapes first = this.cluster.worker(1, 1, TIMEOUT, 512);
		this.cluster.worker(2, 2, TIMEOUT, 512).answerWith((format, names) -> large.toString());
		this.cluster.worker(7, 2, TIMEOUT, 512).answerWith((format, names) -> "newest of slot 2");
		assertThat(first.gather("CONTENT_TYPE_004", null)).containsExactly(new Exposition(7, 2, "newest of slot 2"),
				new Exposition(2, 2, large.toString()));
		assertThat(this.cluster.parts).as("parts sent").isGreaterThan(3);
	}

	@Test
	void aWorkerThatMissedTheRequestIsAskedAgainInItsSlot() {
		ClusterScrapes first = this.cluster.worker(1, 1, LONG_TIMEOUT);
		this.cluster.worker(2, 2, TIMEOUT).answerWith((format, names) -> "worker 2");
		this.cluster.worker(3, 3, TIMEOUT).answerWith((format, names) -> "worker 3, ready after the request");
		this.cluster.workers.get(2).deaf = true;
		long started = System.nanoTime();
		assertThat(first.gather("CONTENT_TYPE_004", null)).containsExactly(new Exposition(2, 2, "worker 2"),
				new Exposition(3, 3, "worker 3, ready after the request"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LONG_TIMEOUT.dividedBy(4))
			.isLessThan(LONG_TIMEOUT.dividedBy(2));
		assertThat(first.missed()).isZero();
	}

	@Test
	void aWorkerRetiredMeanwhileIsNotWaitedForOnceItsSlotAnswered() {
		this.cluster.serving = Map.of(1L, 1, 2L, 2, 7L, 2);
		ClusterScrapes first = this.cluster.worker(1, 1, LONG_TIMEOUT);
		this.cluster.worker(2, 2, TIMEOUT).answerWith((format, names) -> "worker 2, the successor");
		this.cluster.worker(7, 2, TIMEOUT);
		long started = System.nanoTime();
		assertThat(first.gather("CONTENT_TYPE_004", null))
			.containsExactly(new Exposition(2, 2, "worker 2, the successor"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LONG_TIMEOUT.dividedBy(2));
		assertThat(first.missed()).isZero();
	}

	@Test
	void aWorkerNoLongerServingWaitsForNoneAndCountsTheOthersLeftOut() {
		this.cluster.serving = Map.of(2L, 2, 3L, 3);
		ClusterScrapes retiring = this.cluster.worker(1, 1, Duration.ofSeconds(10));
		this.cluster.worker(2, 2, TIMEOUT);
		this.cluster.worker(3, 3, TIMEOUT);
		assertThat(retiring.gather("CONTENT_TYPE_004", null)).isEmpty();
		assertThat(retiring.missed()).isEqualTo(2);
	}

	@Test
	void withoutTheMastersAnswerAScrapeTakesWhatArrivedAndWaitsNoLonger() {
		this.cluster.masterAnswers = false;
		ClusterScrapes first = this.cluster.worker(1, 1, Duration.ofSeconds(10));
		this.cluster.worker(2, 2, TIMEOUT).answerWith((format, names) -> "worker 2");
		assertThat(first.gather("CONTENT_TYPE_004", null)).containsExactly(new Exposition(2, 2, "worker 2"));
		assertThat(first.missed()).isZero();
	}

	/**
	 * Workers whose messages go through JSON to every worker or to the workers of a
	 * slot, at once, on the sender's thread; the master's status names the serving
	 * workers, 1 to 3 unless told otherwise.
	 */
	private static final class Cluster {

		private final JsonMapper mapper = JsonMapper.builder().build();

		private final List<Worker> workers = new ArrayList<>();

		private boolean masterAnswers = true;

		private Map<Long, Integer> serving = Map.of(1L, 1, 2L, 2, 3L, 3);

		private int parts;

		ClusterScrapes worker(long id, int slot, Duration timeout) {
			return worker(id, slot, timeout, ScrapeParts.PART_CHARS);
		}

		ClusterScrapes worker(long id, int slot, Duration timeout, int partChars) {
			Worker worker = new Worker(slot);
			this.workers.add(worker);
			return new ClusterScrapes(worker, new WorkerIdentity(id, slot, 1, 3, Path.of("control")),
					this::serving, timeout, partChars);
		}

		private Map<Long, Integer> serving(Duration timeout) {
			if (!this.masterAnswers) {
				throw new MasterUnavailableException("no answer", null);
			}
			return this.serving;
		}

		private void deliver(Worker from, int to, String topic, Object payload) {
			if (ClusterScrapes.PART_TOPIC.equals(topic)) {
				this.parts++;
			}
			String json = this.mapper.writeValueAsString(payload);
			for (Worker worker : List.copyOf(this.workers)) {
				Consumer<ClusterMessageEvent> receiver = worker.receivers.get(topic);
				if (receiver != null && ((to == 0) ? !worker.deaf : worker.slot == to)) {
					receiver.accept(new ClusterMessageEvent(this, topic, from.slot, json, this.mapper));
				}
			}
		}

		private final class Worker implements SubscribableMessenger {

			private final int slot;

			private final Map<String, Consumer<ClusterMessageEvent>> receivers = new HashMap<>();

			/**
			 * Whether it misses what is sent to every worker, as one that becomes ready
			 * just after it was sent.
			 */
			private boolean deaf;

			Worker(int slot) {
				this.slot = slot;
			}

			@Override
			public void subscribe(String topic, Consumer<ClusterMessageEvent> receiver) {
				this.receivers.put(topic, receiver);
			}

			@Override
			public void broadcast(String topic, Object payload) {
				deliver(this, 0, topic, payload);
			}

			@Override
			public void send(int workerSlot, String topic, Object payload) {
				deliver(this, workerSlot, topic, payload);
			}

		}

	}

}
