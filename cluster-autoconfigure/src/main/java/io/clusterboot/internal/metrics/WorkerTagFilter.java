package io.clusterboot.internal.metrics;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Tags every meter of a worker with the worker's slot ({@code worker}), so that a
 * backend sees one series per worker: a push registry (OTLP and others) N distinct
 * series rather than N writers of one, the cluster scrape one per worker. The
 * per-cluster meters, which the leader alone publishes, stay untagged: one series
 * whichever worker leads. A meter that has a {@code worker} tag of its own keeps it.
 * <p>
 * The tag is the slot, not the worker's id or pid: a worker that replaces another in its
 * slot (a reload, a restart) continues its series, whose counters start again from zero,
 * which Prometheus' {@code rate()} and {@code increase()} take as a reset; the number of
 * series stays bounded by the number of workers, however often they are replaced.
 *
 * @author ClusterBoot team
 */
public class WorkerTagFilter implements MeterFilter {

	/**
	 * The tag's key.
	 */
	public static final String TAG = "worker";

	private final Tag tag;

	private final Set<String> untagged;

	/**
	 * Creates the filter of a worker.
	 * @param slot the worker's slot
	 * @param untagged the names of the meters that stay untagged
	 */
	public WorkerTagFilter(int slot, Set<String> untagged) {
		this.tag = Tag.of(TAG, Integer.toString(slot));
		this.untagged = untagged;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (this.untagged.contains(id.getName()) || id.getTag(TAG) != null) {
			return id;
		}
		return id.withTag(this.tag);
	}

}
