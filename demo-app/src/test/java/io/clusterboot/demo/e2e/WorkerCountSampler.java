package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Counts the master's live child processes (its workers: starting, ready or draining)
 * every {@value #INTERVAL_MILLIS} ms on a daemon thread and keeps the sample with the
 * most, and the one with the most workers not yet announced ready, to check how many
 * processes a cluster runs and starts at once while it replaces workers. Sampling stops
 * when closed or after its maximum duration, whichever comes first.
 *
 * @author ClusterBoot team
 */
final class WorkerCountSampler implements AutoCloseable {

	private static final long INTERVAL_MILLIS = 20;

	private final ClusterProcess cluster;

	private final ScheduledExecutorService timer;

	private static final Sample NONE = new Sample(Set.of(), Set.of(), 0);

	private final AtomicReference<Sample> largest = new AtomicReference<>(NONE);

	private final AtomicReference<Sample> mostStarting = new AtomicReference<>(NONE);

	private final AtomicLong samples = new AtomicLong();

	private WorkerCountSampler(ClusterProcess cluster, Duration maxDuration) {
		this.cluster = cluster;
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "worker-count-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::sample, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
		this.timer.schedule(this.timer::shutdown, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Starts sampling.
	 * @param cluster the cluster whose master's children are counted
	 * @param maxDuration when to stop at the latest
	 * @return the running sampler, which the caller must close
	 */
	static WorkerCountSampler start(ClusterProcess cluster, Duration maxDuration) {
		return new WorkerCountSampler(cluster, maxDuration);
	}

	private void sample() {
		Set<Long> pids = this.cluster.workerPids();
		// Read after the children: a worker forked after a ready line cannot miss that line.
		Set<Long> announced = this.cluster.readyEvents()
			.stream()
			.map(ClusterProcess.WorkerReady::pid)
			.collect(Collectors.toSet());
		Set<Long> starting = pids.stream()
			.filter((pid) -> !announced.contains(pid))
			.collect(Collectors.toCollection(LinkedHashSet::new));
		this.samples.incrementAndGet();
		Sample sample = new Sample(pids, starting, System.nanoTime());
		if (this.largest.get().pids().size() < pids.size()) {
			this.largest.set(sample);
			this.cluster.note("most live workers so far: " + sample);
		}
		if (this.mostStarting.get().starting().size() < starting.size()) {
			this.mostStarting.set(sample);
			this.cluster.note("most starting workers so far: " + sample);
		}
	}

	/**
	 * The sample with the most live workers so far (the first of them on a tie).
	 * @return the sample
	 */
	Sample largest() {
		return this.largest.get();
	}

	/**
	 * The sample with the most workers not yet announced ready so far (the first of them
	 * on a tie).
	 * @return the sample
	 */
	Sample mostStarting() {
		return this.mostStarting.get();
	}

	long samples() {
		return this.samples.get();
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/**
	 * The master's live children at one moment.
	 *
	 * @param pids their pids
	 * @param starting those of them the master has not announced ready
	 * @param nanoTime when, from {@link System#nanoTime()}
	 */
	record Sample(Set<Long> pids, Set<Long> starting, long nanoTime) {

		@Override
		public String toString() {
			return "live " + this.pids + ", of which not ready yet " + this.starting;
		}

	}

}
