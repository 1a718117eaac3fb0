package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.clusterboot.internal.support.ClusterBootVersion;

/**
 * A worker's or a control command's end of the control channel. It says hello with the
 * cluster's token, then passes the master's messages to a handler on its own thread and
 * reports when the channel closes, which means the master is gone. It logs nothing: the
 * control command runs without a logging system.
 *
 * @author ClusterBoot team
 */
public final class ControlClient implements Closeable {

	private final ControlChannel channel;

	private volatile boolean closed;

	private ControlClient(ControlChannel channel) {
		this.channel = channel;
	}

	/**
	 * Connects to the master and says hello.
	 * @param socketPath the master's control socket
	 * @param token the cluster's token
	 * @param worker the worker's id
	 * @param onMessage receives the master's messages
	 * @param onClosed called once if the channel closes before {@link #close()}
	 * @return the connected client
	 * @throws IOException if the master cannot be reached
	 */
	public static ControlClient connect(Path socketPath, String token, long worker, Consumer<ControlMessage> onMessage,
			Runnable onClosed) throws IOException {
		return connect(socketPath, ControlMessage.of(ControlMessage.HELLO, "token", token, "worker", worker, "pid",
				ProcessHandle.current().pid()), onMessage, onClosed);
	}

	/**
	 * Connects to the master as a control command and says hello; the master answers
	 * with a reply to request 0.
	 * @param socketPath the master's control socket
	 * @param token the cluster's token
	 * @param onMessage receives the master's messages
	 * @param onClosed called once if the channel closes before {@link #close()}
	 * @return the connected client
	 * @throws IOException if the master cannot be reached
	 */
	static ControlClient connectCommand(Path socketPath, String token, Consumer<ControlMessage> onMessage,
			Runnable onClosed) throws IOException {
		return connect(socketPath, ControlMessage.of(ControlMessage.COMMAND, "token", token, "pid",
				ProcessHandle.current().pid(), "version", ClusterBootVersion.get(), "protocol", ControlServer.PROTOCOL,
				ControlMessage.REQUEST_ID, 0), onMessage, onClosed);
	}

	private static ControlClient connect(Path socketPath, ControlMessage hello, Consumer<ControlMessage> onMessage,
			Runnable onClosed) throws IOException {
		SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			socket.connect(UnixDomainSocketAddress.of(socketPath));
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		ControlClient client = new ControlClient(new ControlChannel(socket));
		client.send(hello);
		Thread reader = new Thread(() -> client.readMessages(onMessage, onClosed), "cluster-control");
		reader.setDaemon(true);
		reader.start();
		return client;
	}

	/**
	 * Sends a message to the master.
	 * @param message the message
	 * @throws IOException if the message cannot be sent
	 */
	public void send(ControlMessage message) throws IOException {
		this.channel.write(message);
	}

	private void readMessages(Consumer<ControlMessage> onMessage, Runnable onClosed) {
		try {
			while (true) {
				onMessage.accept(this.channel.read());
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				onClosed.run();
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.channel.close();
	}

}
