package io.clusterboot.internal.master;

import java.util.List;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.status.ClusterStatus;

/**
 * Something that happened to the cluster, for the {@link Supervisor} to decide on. Signal
 * handlers, process exits and control connections only put events on the master's
 * queue; the master's thread hands them to the supervisor one at a time.
 *
 * @author ClusterBoot team
 */
sealed interface MasterEvent {

	/**
	 * Time passed: the supervisor's next deadline is due, or the master looks in
	 * anyway.
	 */
	record Tick() implements MasterEvent {
	}

	/**
	 * The master received a signal.
	 *
	 * @param name the signal's name, such as {@code TERM}
	 */
	record SignalReceived(String name) implements MasterEvent {
	}

	/**
	 * A worker process the supervisor asked for was forked.
	 *
	 * @param worker the worker's id
	 * @param pid its pid
	 * @param fromBootCache whether it was started from the boot cache
	 */
	record WorkerStarted(long worker, long pid, boolean fromBootCache) implements MasterEvent {
	}

	/**
	 * A worker process the supervisor asked for could not be forked.
	 *
	 * @param worker the worker's id
	 * @param reason why
	 */
	record WorkerStartFailed(long worker, String reason) implements MasterEvent {
	}

	/**
	 * A worker process exited, and its output ended.
	 *
	 * @param worker the worker's id
	 * @param exitCode its exit code
	 * @param lastOutput the last lines it printed
	 */
	record WorkerExited(long worker, int exitCode, List<String> lastOutput) implements MasterEvent {
	}

	/**
	 * A worker sent a message on the control channel.
	 *
	 * @param worker the worker's id
	 * @param message the message
	 */
	record WorkerMessage(long worker, ControlMessage message) implements MasterEvent {
	}

	/**
	 * A control command sent a request.
	 *
	 * @param command the command
	 * @param request the request
	 */
	record CommandRequest(ControlServer.Command command, ControlMessage request) implements MasterEvent {
	}

	/**
	 * The boot cache changed.
	 *
	 * @param bootCache its status
	 */
	record BootCacheChanged(ClusterStatus.BootCache bootCache) implements MasterEvent {
	}

	/**
	 * A worker does not take the messages sent to it: its outbox is full.
	 *
	 * @param worker the worker's id
	 */
	record WorkerUnreachable(long worker) implements MasterEvent {
	}

	/**
	 * The settings of the application on disk were read for a reload, or could not be.
	 *
	 * @param reload the reload's id
	 * @param settings the settings, or {@code null} if they could not be read
	 * @param error why they could not be read (the failure analysis of invalid ones), or
	 * {@code null}
	 */
	record ConfigurationRead(String reload, MasterSettings settings, String error) implements MasterEvent {
	}

	/**
	 * The new master of an upgrade was forked.
	 *
	 * @param pid its pid
	 */
	record MasterStarted(long pid) implements MasterEvent {
	}

	/**
	 * The new master of an upgrade could not be forked.
	 *
	 * @param reason why
	 */
	record MasterStartFailed(String reason) implements MasterEvent {
	}

	/**
	 * The new master of an upgrade exited.
	 *
	 * @param pid its pid
	 * @param exitCode its exit code
	 */
	record MasterExited(long pid, int exitCode) implements MasterEvent {
	}

	/**
	 * The service manager was told that the new master of an upgrade is the main process,
	 * or could not be; without a service manager there is nobody to tell.
	 *
	 * @param pid the new master's pid
	 * @param told whether it was told, or there was nobody to tell
	 */
	record HandedOver(long pid, boolean told) implements MasterEvent {
	}

	/**
	 * No worker of the master this one replaces leads any more: its leader released the
	 * leadership or is gone, or that master is gone. Until then this master makes none of
	 * its workers the leader.
	 *
	 * @param detail how it is known, for the log
	 */
	record PredecessorReleased(String detail) implements MasterEvent {
	}

	/**
	 * The master this one replaces answered its take-over.
	 *
	 * @param answer what it answered
	 * @param detail why, for the log
	 */
	record TakeOverAnswered(Answer answer, String detail) implements MasterEvent {

		/**
		 * What the master that is replaced answers.
		 */
		enum Answer {

			/**
			 * It drains its workers and exits.
			 */
			ACCEPTED,

			/**
			 * It refused: it gave up on this master, which stops.
			 */
			REFUSED,

			/**
			 * It is gone: this master serves on its own.
			 */
			GONE

		}

	}

}
