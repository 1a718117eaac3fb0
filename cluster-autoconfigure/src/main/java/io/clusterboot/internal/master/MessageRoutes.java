package io.clusterboot.internal.master;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.SendMessage;

/**
 * Where the application's messages between workers ({@link ControlMessage#MESSAGE}, sent
 * with {@code ClusterMessenger}) go, as the {@link Supervisor} saw the workers after an
 * event: the master publishes it for its {@link MessageForwarder}, which forwards them
 * off the master's thread.
 *
 * @param slots the slot of every worker of the cluster, by id
 * @param receivers the ids of the ready workers that do not stop, oldest first
 * @author ClusterBoot team
 */
record MessageRoutes(Map<Long, Integer> slots, List<Long> receivers) {

	/**
	 * The routes before any worker started.
	 */
	static final MessageRoutes NONE = new MessageRoutes(Map.of(), List.of());

	/**
	 * Returns the routes to the workers as they are now.
	 * @param workers the cluster's workers, oldest first
	 * @return the routes
	 */
	static MessageRoutes of(Collection<Worker> workers) {
		return new MessageRoutes(
				workers.stream().collect(Collectors.toUnmodifiableMap(Worker::id, (worker) -> worker.slot().number())),
				workers.stream().filter(Worker::isServing).map(Worker::id).toList());
	}

	/**
	 * Returns what to send for a worker's message: the message, with the sender's slot in
	 * {@code from}, for each ready worker it is addressed to ({@code to} its slot, or 0
	 * for all).
	 * @param sender the id of the worker that sent it
	 * @param message what it sent
	 * @return the messages to send; none if the sender is no worker of the cluster
	 */
	List<SendMessage> route(long sender, ControlMessage message) {
		Integer from = this.slots.get(sender);
		if (from == null) {
			return List.of();
		}
		long to = message.number("to");
		ControlMessage forwarded = ControlMessage.of(ControlMessage.MESSAGE, "from", from, "topic",
				message.text("topic"), "payload", message.text("payload"));
		return this.receivers.stream()
			.filter((receiver) -> to == 0 || this.slots.get(receiver) == to)
			.map((receiver) -> new SendMessage(receiver, forwarded))
			.toList();
	}

}
