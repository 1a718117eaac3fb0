package io.clusterboot.internal.master;

import java.util.ArrayList;
import java.util.List;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.Log;
import io.clusterboot.internal.master.MasterAction.ReplyToCommand;
import io.clusterboot.internal.master.MasterAction.SendMessage;
import io.clusterboot.internal.master.MasterAction.SignalWorker;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;

import org.slf4j.event.Level;

/**
 * What the {@link Supervisor}'s rules decided on one event, in the order they decided
 * it: every rule adds its actions here, and none carries one out, so that the rules stay
 * apart from their effects. The master takes the list after each event.
 *
 * @author ClusterBoot team
 */
final class Decisions {

	private final List<MasterAction> actions = new ArrayList<>();

	void add(MasterAction action) {
		this.actions.add(action);
	}

	void log(Level level, String format, Object... arguments) {
		add(new Log(level, String.format(format, arguments)));
	}

	void send(Worker worker, ControlMessage message) {
		add(new SendMessage(worker.id(), message));
	}

	/**
	 * Signals a worker, if it has a process yet: one asked to stop before it was forked
	 * is sent its TERM once it is.
	 */
	void signal(Worker worker, WorkerSignal signal) {
		if (worker.pid() > 0) {
			add(new SignalWorker(worker.id(), worker.pid(), signal));
		}
	}

	/**
	 * Answers a request that a worker forwarded for the cluster endpoint.
	 */
	void reply(Worker worker, ControlMessage request, Object body) {
		send(worker, ControlMessage.reply(request, body));
	}

	/**
	 * Answers a control command.
	 */
	void reply(CommandRequest command, Object body) {
		add(new ReplyToCommand(command.command().id(), ControlMessage.reply(command.request(), body)));
	}

	/**
	 * Returns what was decided since the last call, and starts a new list.
	 * @return the actions, in order
	 */
	List<MasterAction> take() {
		List<MasterAction> decided = List.copyOf(this.actions);
		this.actions.clear();
		return decided;
	}

}
