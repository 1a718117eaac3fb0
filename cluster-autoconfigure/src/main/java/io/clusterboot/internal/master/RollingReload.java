package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.master.MasterAction.ReadConfiguration;
import io.clusterboot.internal.master.MasterEvent.ConfigurationRead;
import io.clusterboot.status.ClusterStatus;

import org.slf4j.event.Level;

/**
 * Rolls a new generation out, a batch of slots at a time, with the settings of the
 * application on disk: a reload reads them first, and a new worker starts in each slot;
 * once it is ready, the older worker of its slot drains. It succeeds once every slot runs
 * the new generation and no older worker is left. A new worker that does not become
 * ready fails it: the settings in force before apply again, and the older workers serve
 * on, as a bad deploy leaves every worker serving.
 *
 * @author ClusterBoot team
 */
final class RollingReload {

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	private final ReloadStatistics statistics = new ReloadStatistics();

	private int reloads;

	private int lastGeneration = 1;

	/**
	 * The settings the running reload replaced, which apply again if it fails; else
	 * {@code null}.
	 */
	private MasterSettings replacedSettings;

	private int replacedGeneration;

	private int replacedWorkers;

	RollingReload(WorkerPool pool, Operation operation, Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
	}

	/**
	 * Starts a reload, and answers whoever asked for it.
	 * @param trigger who asked, for the log
	 * @return the reload's description, or why it is refused
	 */
	Object request(String trigger, Instant now) {
		Reload started = start(trigger, now);
		return (started != null) ? ControlRecords.toValue(started.describe())
				: Map.of(ControlMessage.REFUSED, Operation.capitalized(this.operation.reloadRefusal()));
	}

	/**
	 * Starts a rolling reload, or returns the one running: a second trigger joins it.
	 * @param trigger who asked, for the log
	 * @return the reload, or {@code null} if it is refused
	 * ({@link Operation#reloadRefusal()})
	 */
	Reload start(String trigger, Instant now) {
		if (this.operation.kind() == Operation.Kind.RELOAD) {
			this.decisions.log(Level.INFO, "Reload requested by %s joins %s", trigger, this.operation.reload());
			return this.operation.reload();
		}
		String refused = this.operation.reloadRefusal();
		if (refused != null) {
			this.decisions.log(Level.WARN, "Reload requested by %s refused: %s", trigger, refused);
			return null;
		}
		Reload reload = new Reload(Integer.toString(++this.reloads), ++this.lastGeneration, now, this.pool.size());
		this.operation.started(reload);
		this.decisions.add(new ReadConfiguration(reload.id()));
		this.decisions.log(Level.INFO, "%s started by %s: reading the configuration of the application on disk",
				reload, trigger);
		return reload;
	}

	/**
	 * Applies the settings a reload read, from its generation on, and lets it replace the
	 * workers; settings that could not be read (invalid ones) fail the reload and change
	 * nothing.
	 */
	void configurationRead(ConfigurationRead read, Instant now) {
		Reload reload = this.operation.reload();
		if (!this.operation.isReloadRunning() || !reload.id().equals(read.reload()) || reload.isConfigured()) {
			return;
		}
		if (read.settings() == null) {
			String error = "The configuration of generation " + reload.generation() + " could not be read: "
					+ read.error();
			this.decisions.log(Level.ERROR, "%s failed: %s", reload, error);
			end(error, now);
			return;
		}
		MasterSettings previous = this.pool.settings();
		this.replacedSettings = previous;
		this.replacedGeneration = this.pool.configuredGeneration();
		this.replacedWorkers = this.pool.size();
		// a scaling holds until the configuration changes the count
		int configured = read.settings().workers();
		int count = (configured != previous.workers()) ? configured : this.pool.size();
		if (count != this.pool.size()) {
			this.decisions.log(Level.INFO, "%s changes the number of workers from %d to %d (cluster.workers)%s",
					reload, this.pool.size(), count, (count < this.pool.size())
							? "; the workers above " + count + " serve until the others run the new generation" : "");
		}
		reload.configured(count);
		// the reload starts the workers of new slots; removed slots serve until it succeeds, as a bad deploy leaves
		// every worker serving
		this.pool.apply(read.settings(), reload.generation(), Math.max(count, this.pool.size()), false, now);
		if (!previous.workerJvmArgs().equals(read.settings().workerJvmArgs())) {
			this.decisions.log(Level.INFO, "%s starts workers with cluster.worker.jvm-args %s", reload,
					read.settings().workerJvmArgs());
		}
		this.decisions.log(Level.INFO, "%s replacing %d worker(s), %d at a time", reload, count,
				read.settings().reloadBatchSize());
	}

	/**
	 * Follows the running reload: records how many slots run the new generation and how
	 * many older workers still run, and starts the next batch of new workers once the
	 * previous batch is ready. The reload succeeds once no older worker is left.
	 */
	void manage(Instant now) {
		Reload reload = this.operation.reload();
		if (this.operation.kind() != Operation.Kind.RELOAD || !reload.isConfigured()) {
			return;
		}
		int target = reload.generation();
		int rolled = Math.min(reload.workers(), this.pool.size());
		int replaced = (int) this.pool.slots()
			.stream()
			.limit(rolled)
			.filter((slot) -> slot.generation() >= target)
			.count();
		if (replaced == rolled && this.pool.size() > rolled) {
			this.decisions.log(Level.INFO, "%s: every slot up to %d runs generation %d; draining the workers above",
					reload, rolled, target);
			this.pool.resize(rolled, false, now);
		}
		int draining = (int) this.pool.workers().stream().filter((worker) -> worker.generation() < target).count();
		reload.progress(replaced, rolled, draining, now);
		if (!reload.isRunning()) {
			this.pool.servingGeneration(target);
			this.replacedSettings = null;
			this.statistics.ended(reload);
			this.decisions.log(Level.INFO, "%s succeeded", reload);
			return;
		}
		boolean batchStarting = this.pool.workers()
			.stream()
			.anyMatch((worker) -> worker.generation() == target && worker.isStarting());
		if (!batchStarting && !reload.isReplaced()) {
			this.pool.slots()
				.stream()
				.limit(rolled)
				.filter((slot) -> slot.generation() < target)
				.limit(Math.min(this.pool.settings().reloadBatchSize(), this.pool.roomToStart()))
				.forEach((slot) -> this.pool.spawn(slot, target, now));
		}
	}

	/**
	 * Fails the running reload, as a new worker of it is lost before it was ready: the
	 * other new workers that start stop, and the settings it replaced apply again.
	 * @param worker the new worker
	 * @param reason what became of it
	 * @param lastOutput the last lines it printed
	 */
	void fail(Worker worker, String reason, List<String> lastOutput, Instant now) {
		Reload reload = this.operation.reload();
		String error = worker + " of generation " + worker.generation() + " " + reason + ". "
				+ Worker.describeOutput(lastOutput);
		this.decisions.log(Level.ERROR, "%s failed: %s", reload, error);
		end(error, now);
		Instant deadline = this.pool.stopDeadline(now);
		this.pool.workers()
			.stream()
			.filter((other) -> other.generation() == worker.generation() && other.isStarting())
			.toList()
			.forEach((other) -> this.pool.terminate(other, deadline));
		this.pool.slots()
			.stream()
			.filter((slot) -> slot.restartAt() == null && !this.pool.isServed(slot))
			.forEach((slot) -> slot.restartAt(now));
		if (this.replacedSettings != null) {
			this.decisions.log(Level.INFO, "%s failed: back to the settings of generation %d (%d worker(s))", reload,
					this.replacedGeneration, this.replacedWorkers);
			this.pool.apply(this.replacedSettings, this.replacedGeneration, this.replacedWorkers, true, now);
			this.replacedSettings = null;
		}
	}

	/**
	 * Ends the running reload, if one runs, as the cluster stops.
	 */
	void stop(Instant now) {
		if (this.operation.isReloadRunning()) {
			end("The cluster stopped", now);
		}
	}

	/**
	 * Makes the running reload end with this number of workers, once it applies its
	 * settings: the cluster was scaled. A reload that fails ends with it too.
	 */
	void scaledTo(int workers) {
		Reload reload = this.operation.reload();
		if (this.operation.isReloadRunning() && reload.isConfigured()) {
			reload.workers(workers);
			this.replacedWorkers = workers;
		}
	}

	/**
	 * Returns the counts of the finished reloads, for the cluster's status.
	 */
	ClusterStatus.Reloads statistics() {
		return this.statistics.describe();
	}

	private void end(String error, Instant now) {
		Reload reload = this.operation.reload();
		reload.fail(error, now);
		this.statistics.ended(reload);
	}

}
