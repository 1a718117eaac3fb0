package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.List;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.SlotState;

/**
 * A place for one worker, kept by its replacements: its number, the generation serving
 * it, and its restart history. A slot whose workers keep dying is ERRORED until one of
 * them becomes ready; that holds for replacements that die while an older worker still
 * serves the slot too. Changed by the supervisor only.
 *
 * @author ClusterBoot team
 */
final class Slot {

	/**
	 * Quick exits in a row after which a slot counts as crash-looping.
	 */
	static final int CRASH_LOOP_EXITS = 3;

	private final int number;

	private RestartBackoff backoff;

	private int generation;

	private Instant restartAt;

	private Instant replaceAfter;

	private int restarts;

	private ClusterStatus.Exit lastExit;

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

	/**
	 * Restarts the slot's workers with other settings from now on: a reload read new
	 * ones. The exits counted so far are forgotten with the old settings.
	 * @param backoff the new backoff
	 */
	void backoff(RestartBackoff backoff) {
		this.backoff = backoff;
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

	/**
	 * Sets when the slot's serving worker may next be replaced, after a replacement died
	 * before it was ready.
	 */
	void replaceAfter(Instant replaceAfter) {
		this.replaceAfter = replaceAfter;
	}

	boolean isReplacementDue(Instant now) {
		return this.replaceAfter == null || !now.isBefore(this.replaceAfter);
	}

	int restarts() {
		return this.restarts;
	}

	ClusterStatus.Exit lastExit() {
		return this.lastExit;
	}

	/**
	 * Returns whether the slot's workers keep dying: several quick exits in a row and no
	 * worker ready since.
	 */
	boolean isErrored() {
		return !this.serving && this.backoff.quickExits() >= CRASH_LOOP_EXITS;
	}

	/**
	 * Records that a worker of the slot became ready.
	 */
	void serving() {
		this.serving = true;
		this.replaceAfter = null;
	}

	/**
	 * Records that the slot's worker exited unexpectedly.
	 */
	void exited(int exitCode, Instant now, List<String> output) {
		this.lastExit = new ClusterStatus.Exit(exitCode, (exitCode > 128 && exitCode < 160) ? exitCode - 128 : null,
				now);
		this.lastOutput = List.copyOf(output);
		this.restarts++;
		this.serving = false;
	}

	ClusterStatus.Slot describe() {
		boolean errored = isErrored();
		return new ClusterStatus.Slot(this.number, this.generation, errored ? SlotState.ERRORED : SlotState.OK,
				this.restarts, this.lastExit, this.restartAt, errored ? this.lastOutput : List.of());
	}

}
