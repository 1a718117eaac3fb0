package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;

/**
 * A rolling reload: which generation it rolls out, how far it got and how it ended. It
 * succeeds only once every slot has a ready worker of its generation and no worker of an
 * older generation is left. Changed by the supervisor only.
 *
 * @author ClusterBoot team
 */
final class Reload {

	static final String READING_CONFIGURATION = "READING_CONFIGURATION";

	static final String REPLACING = "REPLACING";

	static final String DRAINING = "DRAINING";

	private final String id;

	private final int generation;

	private final Instant started;

	private int slots;

	private ReloadState state = ReloadState.RUNNING;

	private boolean configured;

	private int workers;

	private int slotsDone;

	private int draining;

	private Instant finished;

	private String error;

	Reload(String id, int generation, Instant started, int slots) {
		this.id = id;
		this.generation = generation;
		this.started = started;
		this.slots = slots;
	}

	String id() {
		return this.id;
	}

	/**
	 * Returns whether the settings of the application on disk were read and apply, so
	 * that workers may be replaced.
	 */
	boolean isConfigured() {
		return this.configured;
	}

	/**
	 * Records that the settings of the application on disk apply.
	 * @param workers the number of workers the reload ends with
	 */
	void configured(int workers) {
		this.configured = true;
		this.workers = workers;
	}

	/**
	 * Returns the number of workers the reload ends with: the slots up to it get a
	 * worker of its generation, and those above it, when the reload lowers the count,
	 * keep their workers until every other slot runs the new generation.
	 */
	int workers() {
		return this.workers;
	}

	/**
	 * Changes the number of workers the reload ends with: the cluster was scaled.
	 */
	void workers(int workers) {
		this.workers = workers;
	}

	int generation() {
		return this.generation;
	}

	ReloadState state() {
		return this.state;
	}

	Duration duration() {
		return Duration.between(this.started, (this.finished != null) ? this.finished : this.started);
	}

	boolean isRunning() {
		return this.state == ReloadState.RUNNING;
	}

	/**
	 * Returns whether every slot runs the new generation, so that only the older
	 * workers' drain is left.
	 */
	boolean isReplaced() {
		return this.slotsDone == this.slots;
	}

	/**
	 * Records how many slots run the new generation and how many older workers still
	 * run; when all slots do and none does, the reload succeeded.
	 */
	void progress(int replaced, int slots, int draining, Instant now) {
		this.slotsDone = replaced;
		this.slots = slots;
		this.draining = draining;
		if (replaced == slots && draining == 0) {
			this.state = ReloadState.SUCCEEDED;
			this.finished = now;
		}
	}

	void fail(String error, Instant now) {
		this.state = ReloadState.FAILED;
		this.error = error;
		this.finished = now;
	}

	ClusterStatus.Reload describe() {
		String phase = !isRunning() ? null
				: !this.configured ? READING_CONFIGURATION : isReplaced() ? DRAINING : REPLACING;
		return new ClusterStatus.Reload(this.id, this.state, phase, this.generation, this.started, this.finished,
				new ClusterStatus.Progress(this.slotsDone, this.slots, this.draining), this.error);
	}

	@Override
	public String toString() {
		return "Reload " + this.id + " (generation " + this.generation + ")";
	}

}
