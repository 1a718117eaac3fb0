package io.clusterboot.internal.master;

import io.clusterboot.internal.ipc.ControlMessage;

import org.slf4j.event.Level;

/**
 * What the {@link Supervisor} decided to do, for the master to carry out: the
 * supervisor itself does no I/O.
 *
 * @author ClusterBoot team
 */
sealed interface MasterAction {

	/**
	 * Fork a worker process. The master answers with a
	 * {@link MasterEvent.WorkerStarted} or a {@link MasterEvent.WorkerStartFailed}.
	 *
	 * @param worker the new worker's id
	 * @param slot its slot
	 * @param generation its generation
	 * @param count the number of workers the cluster runs
	 * @param debugAddress where its debugger agent is to listen, or {@code null} for none
	 */
	record StartWorker(long worker, int slot, int generation, int count,
			DebugAddress debugAddress) implements MasterAction {
	}

	/**
	 * Send a signal to a worker process.
	 *
	 * @param worker the worker's id
	 * @param pid its pid
	 * @param signal the signal
	 */
	record SignalWorker(long worker, long pid, WorkerSignal signal) implements MasterAction {
	}

	/**
	 * Send a message to a worker on the control channel, without waiting.
	 *
	 * @param worker the worker's id
	 * @param message the message
	 */
	record SendMessage(long worker, ControlMessage message) implements MasterAction {
	}

	/**
	 * Answer a control command, without waiting.
	 *
	 * @param command the command's id
	 * @param reply the reply
	 */
	record ReplyToCommand(long command, ControlMessage reply) implements MasterAction {
	}

	/**
	 * Log a line of the master's.
	 *
	 * @param level its level
	 * @param message the line
	 */
	record Log(Level level, String message) implements MasterAction {
	}

	/**
	 * Read the cluster's settings of the application on disk, as the master read its own
	 * at start: a reload starts, and may roll out a new configuration.
	 *
	 * @param reload the reload's id, for the {@link MasterEvent.ConfigurationRead} that
	 * answers
	 */
	record ReadConfiguration(String reload) implements MasterAction {
	}

	/**
	 * Start workers with these settings (their JVM options) from now on, and look at the
	 * jar on disk again for the boot cache: a reload read them, and may roll out a new
	 * jar.
	 *
	 * @param settings the settings
	 */
	record ApplyConfiguration(MasterSettings settings) implements MasterAction {
	}

	/**
	 * Build the boot cache if the jar on disk needs one: the cluster settled, and no
	 * worker start is slowed by the training run.
	 */
	record BuildBootCache() implements MasterAction {
	}

	/**
	 * Stop starting workers from the boot cache, which a worker could not use.
	 *
	 * @param reason what the worker did
	 */
	record DiscardBootCache(String reason) implements MasterAction {
	}

	/**
	 * Give the memory that the master's start or a reload used back to the operating
	 * system, without holding up the master's thread.
	 */
	record TrimMemory() implements MasterAction {
	}

	/**
	 * Fork the new master of an upgrade. The master answers with a
	 * {@link MasterEvent.MasterStarted} or a {@link MasterEvent.MasterStartFailed}, and
	 * a {@link MasterEvent.MasterExited} once it exits.
	 *
	 * @param scale the workers this master runs, which a new master of the same
	 * configured count runs too
	 */
	record StartMaster(Supervisor.Scale scale) implements MasterAction {
	}

	/**
	 * Send a signal to the new master of an upgrade that failed.
	 *
	 * @param signal the signal
	 */
	record SignalNewMaster(WorkerSignal signal) implements MasterAction {
	}

	/**
	 * Tell the service manager that the new master of an upgrade is the service's main
	 * process now, and tell it nothing more: this master drains its workers and exits.
	 * The master answers with a {@link MasterEvent.HandedOver}.
	 *
	 * @param pid the new master's pid
	 */
	record HandOver(long pid) implements MasterAction {
	}

	/**
	 * Tell the master this one replaces that it takes over: every worker is ready. It
	 * answers with a {@link MasterEvent.TakeOverAnswered}.
	 */
	record TakeOver() implements MasterAction {
	}

	/**
	 * Wait until no worker of the master this one took over from leads any more: ask it
	 * until it answers that its leader released the leadership or is gone, or until it
	 * is gone itself. The master answers with a {@link MasterEvent.PredecessorReleased}.
	 */
	record AwaitPredecessorRelease() implements MasterAction {
	}

	/**
	 * The signals the master sends its workers.
	 */
	enum WorkerSignal {

		/**
		 * Drain and stop.
		 */
		TERM,

		/**
		 * Print a thread dump.
		 */
		QUIT,

		/**
		 * Die at once.
		 */
		KILL

	}

}
