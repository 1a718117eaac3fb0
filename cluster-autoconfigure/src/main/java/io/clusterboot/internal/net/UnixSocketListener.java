package io.clusterboot.internal.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import io.clusterboot.internal.posix.PeerCredentials;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.UnixSockets;

/**
 * A listening Unix domain stream socket whose connections tell who is at their other end.
 * On 64-bit Linux with JNA the socket is made and its connections accepted through libc,
 * and each comes with the pid and the user the kernel took of its peer when it connected
 * ({@code SO_PEERCRED}), which the peer cannot choose; elsewhere the JDK's channels serve,
 * and the peers are unknown.
 *
 * @author ClusterBoot team
 */
public final class UnixSocketListener implements Closeable {

	private static final int BACKLOG = 50;

	private final ServerSocketChannel channel;

	private final SharedDescriptor descriptor;

	private UnixSocketListener(ServerSocketChannel channel, SharedDescriptor descriptor) {
		this.channel = channel;
		this.descriptor = descriptor;
	}

	/**
	 * Creates a socket file and listens on it.
	 * @param path where the socket goes
	 * @return the listener
	 * @throws IOException if the socket cannot be created
	 */
	public static UnixSocketListener listen(Path path) throws IOException {
		if (Posix.isAvailableOn64Bits()) {
			return new UnixSocketListener(null, new SharedDescriptor(UnixSockets.listen(path, BACKLOG)));
		}
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.bind(UnixDomainSocketAddress.of(path), BACKLOG);
			return new UnixSocketListener(channel, null);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Waits for the next connection.
	 * @return the connection
	 * @throws ClosedChannelException once the listener is closed, also while it waits
	 * @throws IOException if a connection cannot be accepted
	 */
	public Connection accept() throws IOException {
		if (this.channel != null) {
			return new Connection(this.channel.accept(), null, null);
		}
		int fd = this.descriptor.acquire();
		int accepted;
		try {
			accepted = UnixSockets.accept(fd);
		}
		catch (IOException ex) {
			// a listener shut down while it waited fails the wait
			if (!this.descriptor.isOpen()) {
				throw new ClosedChannelException();
			}
			throw ex;
		}
		finally {
			this.descriptor.release();
		}
		try {
			PeerCredentials peer = UnixSockets.peerCredentials(accepted);
			return new Connection(new DescriptorChannel(accepted), peer.pid(), peer.uid());
		}
		catch (IOException ex) {
			Posix.closeQuietly(accepted);
			throw ex;
		}
	}

	/**
	 * Stops listening; an {@link #accept()} that waits ends. The socket file stays.
	 */
	@Override
	public void close() throws IOException {
		if (this.channel != null) {
			this.channel.close();
		}
		else {
			this.descriptor.close();
		}
	}

	/**
	 * An accepted connection, and its peer where the kernel told.
	 *
	 * @param channel the connection, blocking
	 * @param pid the peer's pid, or {@code null} if unknown
	 * @param uid the peer's user id, or {@code null} if unknown
	 */
	public record Connection(ByteChannel channel, Long pid, Long uid) {

		/**
		 * Returns whether the peer is known to run as another user than this process.
		 * @return whether it does
		 */
		public boolean isOfAnotherUser() {
			return this.uid != null && this.uid != Posix.effectiveUserId();
		}

	}

}
