package io.clusterboot.master;

import java.time.Instant;

/**
 * A place for one worker, kept by its replacements: its number, the generation serving
 * it, and its restart history. Changed by the master's thread only.
 *
 * @author ClusterBoot team
 */
final class Slot {

	private final int number;

	private final RestartBackoff backoff;

	private int generation = 1;

	private Instant restartAt;

	private int restarts;

	private Integer lastExitCode;

	Slot(int number, RestartBackoff backoff) {
		this.number = number;
		this.backoff = backoff;
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

	Integer lastExitCode() {
		return this.lastExitCode;
	}

	void exited(int exitCode) {
		this.lastExitCode = exitCode;
		this.restarts++;
	}

}
