package io.clusterboot.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A control server for tests that plays the master: it answers every request of a
 * worker with what a function makes of it, or never.
 *
 * @author ClusterBoot team
 */
public final class AnsweringMaster implements ControlServer.Handler, Closeable {

	private final Function<ControlMessage, Map<String, Object>> answers;

	private final ControlServer server;

	private AnsweringMaster(Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		this.answers = answers;
		this.server = ControlServer.start(this);
	}

	/**
	 * Starts a master.
	 * @param answers makes the answer's body from a request
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster start(Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		return new AnsweringMaster(answers);
	}

	/**
	 * Starts a master that accepts workers but never answers, like one that is too busy.
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster silent() throws IOException {
		return new AnsweringMaster(null);
	}

	/**
	 * Returns the properties a worker with the given id and slot needs to reach this
	 * master.
	 * @param id the worker's id
	 * @param slot the worker's slot
	 * @return the properties, as {@code name=value}
	 */
	public String[] workerProperties(long id, int slot) {
		return new String[] { "cluster.worker.id=" + id, "cluster.worker.slot=" + slot,
				"cluster.worker.generation=1", "cluster.worker.count=2",
				"cluster.control.socket=" + this.server.socketPath() };
	}

	@Override
	public void onMessage(long worker, ControlMessage message) {
		if (this.answers != null && message.values().containsKey(ControlMessage.REQUEST_ID)) {
			this.server.send(worker, ControlMessage.of(ControlMessage.REPLY, ControlMessage.REQUEST_ID,
					message.number(ControlMessage.REQUEST_ID), "body", this.answers.apply(message)));
		}
	}

	@Override
	public void onDisconnected(long worker) {
	}

	@Override
	public void onUnreachable(long worker) {
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
