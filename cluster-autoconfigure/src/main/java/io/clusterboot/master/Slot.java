package io.clusterboot.master;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A place for one worker, kept by its replacements: its number, the generation serving
 * it, and its restart history. A slot whose workers keep dying is ERRORED until one of
 * them becomes ready. Changed by the master's thread only.
 *
 * @author ClusterBoot team
 */
final class Slot {

	/**
	 * Quick exits in a row after which a slot counts as crash-looping.
	 */
	static final int CRASH_LOOP_EXITS = 3;

	private final int number;

	private final RestartBackoff backoff;

	private int generation;

	private Instant restartAt;

	private int restarts;

	private Map<String, Object> lastExit;

	private List<String> lastOutput = List.of();

	private boolean serving;

	Slot(int number, RestartBackoff backoff, int generation) {
		this.number = number;
		this.backoff = backoff;
		this.generation = generation;
	}

	int number() {
		return this.number;
	}

	RestartBackoff backoff() {
		return this.backoff;
	}

	int generation() {
		return this.generation;
	}

	void generation(int generation) {
		this.generation = generation;
	}

	Instant restartAt() {
		return this.restartAt;
	}

	void restartAt(Instant restartAt) {
		this.restartAt = restartAt;
	}

	boolean isRestartDue(Instant now) {
		return this.restartAt != null && !now.isBefore(this.restartAt);
	}

	int restarts() {
		return this.restarts;
	}

	Map<String, Object> lastExit() {
		return this.lastExit;
	}

	/**
	 * Returns whether the slot's workers keep dying: several quick exits in a row and no
	 * worker ready since.
	 */
	boolean isErrored() {
		return !this.serving && this.backoff.quickExits() >= CRASH_LOOP_EXITS;
	}

	void serving() {
		this.serving = true;
	}

	/**
	 * Records that the slot's worker exited unexpectedly.
	 */
	void exited(int exitCode, Instant now, List<String> output) {
		Map<String, Object> exit = new LinkedHashMap<>();
		exit.put("code", exitCode);
		exit.put("signal", (exitCode > 128 && exitCode < 160) ? exitCode - 128 : null);
		exit.put("at", now.toString());
		this.lastExit = exit;
		this.lastOutput = output;
		this.restarts++;
		this.serving = false;
	}

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("slot", this.number);
		description.put("generation", this.generation);
		description.put("state", isErrored() ? "ERRORED" : "OK");
		description.put("restarts", this.restarts);
		description.put("lastExit", this.lastExit);
		description.put("nextRestart", (this.restartAt != null) ? this.restartAt.toString() : null);
		description.put("lastOutput", isErrored() ? this.lastOutput : List.of());
		return description;
	}

}
