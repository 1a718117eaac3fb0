package io.clusterboot.internal.systemd;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.clusterboot.internal.posix.ErrnoException;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.PosixSockets;
import io.clusterboot.internal.posix.SocketAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager's notification socket ({@code NOTIFY_SOCKET}), written the way
 * {@code sd_notify} writes it: one datagram per state change, to a Unix datagram socket
 * at a path or, for a name that starts with {@code @}, in the abstract namespace. The JDK
 * has no Unix datagram sockets, hence the libc calls. A datagram the service manager
 * does not take at once is dropped rather than waited for: the master never blocks on it.
 *
 * @author ClusterBoot team
 */
public final class NotifySocket implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(NotifySocket.class);

	private final int fd;

	private final byte[] address;

	private NotifySocket(int fd, byte[] address) {
		this.fd = fd;
		this.address = address;
	}

	/**
	 * Opens the socket a service manager named.
	 * @param name the value of {@code NOTIFY_SOCKET}: a path, or {@code @} and an abstract
	 * name
	 * @return the socket
	 * @throws IllegalArgumentException if the name is empty or too long
	 * @throws IllegalStateException if no socket can be created
	 */
	public static NotifySocket open(String name) {
		byte[] address = address(name);
		try {
			return new NotifySocket(
					PosixSockets.socket(PosixSockets.AF_UNIX, PosixSockets.SOCK_DGRAM | PosixSockets.SOCK_CLOEXEC),
					address);
		}
		catch (ErrnoException ex) {
			throw new IllegalStateException("Cannot create a socket for NOTIFY_SOCKET: " + ex.getMessage(), ex);
		}
	}

	static byte[] address(String name) {
		try {
			return SocketAddresses.unix(name);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("NOTIFY_SOCKET " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sends the service's state, such as {@code READY=1}, without waiting.
	 * @param state newline-separated assignments
	 * @return whether the datagram was sent
	 */
	public boolean send(String state) {
		byte[] message = state.getBytes(StandardCharsets.UTF_8);
		try {
			PosixSockets.sendTo(this.fd, message, this.address);
			return true;
		}
		catch (ErrnoException ex) {
			logger.warn("Could not tell the service manager '{}': {}", state.replace('\n', ' '), ex.getMessage());
			return false;
		}
	}

	@Override
	public void close() {
		try {
			Posix.close(this.fd);
		}
		catch (ErrnoException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
