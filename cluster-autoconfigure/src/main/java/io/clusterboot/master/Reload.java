package io.clusterboot.master;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rolling reload: which generation it rolls out, how far it got and how it ended.
 * Changed by the master's thread only.
 *
 * @author ClusterBoot team
 */
final class Reload {

	private final String id;

	private final int generation;

	private final Instant started;

	private int slots;

	private ReloadState state = ReloadState.RUNNING;

	private int slotsDone;

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
	 * Records how many slots run the new generation; when all do, the reload succeeded.
	 */
	void progress(int replaced, int slots, Instant now) {
		this.slotsDone = replaced;
		this.slots = slots;
		if (replaced == slots) {
			this.state = ReloadState.SUCCEEDED;
			this.finished = now;
		}
	}

	void fail(String error, Instant now) {
		this.state = ReloadState.FAILED;
		this.error = error;
		this.finished = now;
	}

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("id", this.id);
		description.put("state", this.state.name());
		description.put("generation", this.generation);
		description.put("started", this.started.toString());
		description.put("finished", (this.finished != null) ? this.finished.toString() : null);
		Map<String, Object> progress = new LinkedHashMap<>();
		progress.put("replaced", this.slotsDone);
		progress.put("total", this.slots);
		description.put("progress", progress);
		description.put("error", this.error);
		return description;
	}

	@Override
	public String toString() {
		return "Reload " + this.id + " (generation " + this.generation + ")";
	}

}
