package io.clusterboot.internal.ipc;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ControlServer.Handler} for tests that records what workers say as
 * {@code "<worker>:<type>"}, {@code "<worker>:disconnected"} and
 * {@code "<worker>:unreachable"}, and the commands whose requests came. Heartbeats,
 * which come at any time, are left out.
 *
 * @author ClusterBoot team
 */
public class RecordingHandler implements ControlServer.Handler {

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final BlockingQueue<ControlServer.Command> commands = new LinkedBlockingQueue<>();

	@Override
	public void onMessage(long worker, ControlMessage message) {
		if (!ControlMessage.HEARTBEAT.equals(message.type())) {
			this.received.add(worker + ":" + message.type());
		}
	}

	@Override
	public void onDisconnected(long worker) {
		this.received.add(worker + ":disconnected");
	}

	@Override
	public void onUnreachable(long worker) {
		this.received.add(worker + ":unreachable");
	}

	@Override
	public void onCommand(ControlServer.Command command, ControlMessage request) {
		this.commands.add(command);
		this.received.add("command:" + request.type());
	}

	/**
	 * Waits up to ten seconds for the command of the next request of a control command.
	 * @return the command, or {@code null} if none came
	 * @throws InterruptedException if interrupted
	 */
	public ControlServer.Command nextCommand() throws InterruptedException {
		return this.commands.poll(10, TimeUnit.SECONDS);
	}

	/**
	 * Waits up to ten seconds for the next record.
	 * @return the record, or {@code null} if none came
	 * @throws InterruptedException if interrupted
	 */
	public String next() throws InterruptedException {
		return this.received.poll(10, TimeUnit.SECONDS);
	}

	/**
	 * Returns whether a record was received and not yet taken.
	 * @param record the record
	 * @return whether it is there
	 */
	public boolean contains(String record) {
		return this.received.contains(record);
	}

	/**
	 * Returns whether nothing is waiting to be taken.
	 * @return whether no record is waiting
	 */
	public boolean isEmpty() {
		return this.received.isEmpty();
	}

}
