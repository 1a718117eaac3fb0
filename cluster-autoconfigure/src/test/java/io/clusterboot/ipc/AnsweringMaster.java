package io.clusterboot.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A control server for tests that plays the master: it answers every request of a
 * worker with what a function makes of it.
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
	 * Returns the properties a worker with the given id and slot needs to reach this
	 * master.
	 * @param id the worker's id
	 * @param slot the worker's slot
	 * @return the properties, as {@code name=value}
	 */
	public String[] workerProperties(long id, int slot) {
		return new String[] { "cluster.worker.id=" + id, "cluster.worker.slot=" + slot,
				"cluster.worker.generation=1", "cluster.worker.count=2",
				"cluster.control.socket=" + this.server.socketPath(), "cluster.control.token=" + this.server.token() };
	}

	@Override
	public void onMessage(long worker, ControlMessage message) {
		if (message.values().containsKey(ControlMessage.REQUEST_ID)) {
			this.server.send(worker, ControlMessage.of(ControlMessage.REPLY, ControlMessage.REQUEST_ID,
					message.number(ControlMessage.REQUEST_ID), "body", this.answers.apply(message)));
		}
	}

	@Override
	public void onDisconnected(long worker) {
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
