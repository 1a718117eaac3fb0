package io.clusterboot.internal.systemd;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
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

	private static final short AF_UNIX = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int MSG_DONTWAIT = 0x40;

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final int MAX_PATH = 108;

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
			return new NotifySocket(LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), address);
		}
		catch (LastErrorException ex) {
			throw new IllegalStateException("Cannot create a socket for NOTIFY_SOCKET: errno " + ex.getErrorCode(),
					ex);
		}
	}

	static byte[] address(String name) {
		byte[] path = name.getBytes(StandardCharsets.UTF_8);
		boolean abstractName = name.startsWith("@");
		if (path.length < 2 && (abstractName || path.length == 0) || path.length >= MAX_PATH) {
			throw new IllegalArgumentException("NOTIFY_SOCKET '" + name + "' is not a socket path of 1 to "
					+ (MAX_PATH - 1) + " bytes or an @abstract name");
		}
		ByteBuffer buffer = ByteBuffer.allocate(2 + path.length + (abstractName ? 0 : 1));
		buffer.order(ByteOrder.nativeOrder()).putShort(AF_UNIX);
		buffer.put(path);
		if (abstractName) {
			buffer.put(2, (byte) 0);
		}
		return buffer.array();
	}

	/**
	 * Sends the service's state, such as {@code READY=1}, without waiting.
	 * @param state newline-separated assignments
	 * @return whether the datagram was sent
	 */
	public boolean send(String state) {
		byte[] message = state.getBytes(StandardCharsets.UTF_8);
		try {
			LibC.INSTANCE.sendto(this.fd, message, new NativeLong(message.length), MSG_DONTWAIT | MSG_NOSIGNAL,
					this.address, this.address.length);
			return true;
		}
		catch (LastErrorException ex) {
			logger.warn("Could not tell the service manager '{}': errno {}", state.replace('\n', ' '),
					ex.getErrorCode());
			return false;
		}
	}

	@Override
	public void close() {
		LibC.INSTANCE.close(this.fd);
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int socket(int domain, int type, int protocol) throws LastErrorException;

		NativeLong sendto(int fd, byte[] message, NativeLong length, int flags, byte[] address, int addressLength)
				throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
