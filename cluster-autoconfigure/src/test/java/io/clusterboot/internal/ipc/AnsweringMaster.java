package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A control server for tests that plays the master: it answers every request of a
 * worker or a control command with what a function makes of it, or never.
 *
 * @author ClusterBoot team
 */
public final class AnsweringMaster implements ControlServer.Handler, Closeable {

	private final Function<ControlMessage, Map<String, Object>> answers;

	private final ControlServer server;

	private AnsweringMaster(Path base, Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		this.answers = answers;
		this.server = ControlServer.start(base, this);
	}

	/**
	 * Starts a master.
	 * @param answers makes the answer's body from a request
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster start(Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		return start(MasterDirectories.defaultBaseDirectory(), answers);
	}

	/**
	 * Starts a master that keeps its control directory in the given base directory.
	 * @param base the base directory
	 * @param answers makes the answer's body from a request of a worker or a command
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster start(Path base, Function<ControlMessage, Map<String, Object>> answers)
			throws IOException {
		return new AnsweringMaster(base, answers);
	}

	/**
	 * Starts a master that accepts workers but never answers, like one that is too busy.
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster silent() throws IOException {
		return silent(MasterDirectories.defaultBaseDirectory());
	}

	/**
	 * Starts a master that never answers, with its control directory in the given base
	 * directory.
	 * @param base the base directory
	 * @return the running master
	 * @throws IOException if the control socket cannot be created
	 */
	public static AnsweringMaster silent(Path base) throws IOException {
		return new AnsweringMaster(base, null);
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

	/**
	 * Returns the master's control socket.
	 * @return its path
	 */
	public Path socketPath() {
		return this.server.socketPath();
	}

	/**
	 * Tells the control command about this master, as a real master does.
	 * @param master what the master tells
	 * @throws IOException if it cannot be written
	 */
	public void publish(MasterInfo master) throws IOException {
		this.server.publish(master);
	}

	@Override
	public void onMessage(long worker, ControlMessage message) {
		if (this.answers != null && message.values().containsKey(ControlMessage.REQUEST_ID)) {
			this.server.send(worker, ControlMessage.reply(message, this.answers.apply(message)));
		}
	}

	@Override
	public void onDisconnected(long worker) {
	}

	@Override
	public void onUnreachable(long worker) {
	}

	@Override
	public void onCommand(ControlServer.Command command, ControlMessage request) {
		if (this.answers != null) {
			this.server.reply(command.id(), ControlMessage.reply(request, this.answers.apply(request)));
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
