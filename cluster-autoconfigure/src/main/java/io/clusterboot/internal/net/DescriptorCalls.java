package io.clusterboot.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libc calls that pass file descriptors between processes: Unix stream sockets and
 * {@code SCM_RIGHTS} messages, which the JDK's Unix domain channels cannot send. The
 * structures are laid out by hand for 64-bit Linux ({@code msghdr}, {@code iovec},
 * {@code cmsghdr}, {@code ucred}), the same on x86-64 and AArch64.
 *
 * @author ClusterBoot team
 */
final class DescriptorCalls {

	/** The most descriptors one message carries. */
	static final int MAX_DESCRIPTORS = 16;

	private static final int MAX_PAYLOAD = 4096;

	private static final short AF_UNIX = 1;

	private static final int SOCK_STREAM = 1;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int SOL_SOCKET = 1;

	private static final int SCM_RIGHTS = 1;

	private static final int SO_PEERCRED = 17;

	private static final int SO_RCVTIMEO = 20;

	private static final int SO_SNDTIMEO = 21;

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final int SHUT_RDWR = 2;

	private static final int EINTR = 4;

	private static final int MSG_CTRUNC = 0x8;

	private static final int MSG_CMSG_CLOEXEC = 0x40000000;

	private static final int MAX_PATH = 108;

	private static final int CMSG_HEADER = 16;

	private DescriptorCalls() {
	}

	/**
	 * Returns whether descriptors can be passed here.
	 * @return {@code true} on 64-bit Linux with JNA on the class path
	 */
	static boolean isSupported() {
		try {
			return Platform.isLinux() && Native.POINTER_SIZE == 8 && LibC.INSTANCE != null;
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	static int listen(Path path, int backlog) throws IOException {
		int fd = socket();
		try {
			byte[] address = address(path);
			LibC.INSTANCE.bind(fd, address, address.length);
			LibC.INSTANCE.listen(fd, backlog);
			return fd;
		}
		catch (LastErrorException ex) {
			close(fd);
			throw new IOException("Could not listen on " + path + ": errno " + ex.getErrorCode(), ex);
		}
	}

	static int connect(Path path, long timeoutMillis) throws IOException {
		int fd = socket();
		try {
			byte[] address = address(path);
			// a Unix socket's connect waits for room in the backlog up to the send timeout
			setTimeout(fd, SO_SNDTIMEO, timeoutMillis);
			setTimeout(fd, SO_RCVTIMEO, timeoutMillis);
			LibC.INSTANCE.connect(fd, address, address.length);
			return fd;
		}
		catch (LastErrorException ex) {
			close(fd);
			throw new IOException("Could not connect to " + path + ": errno " + ex.getErrorCode(), ex);
		}
	}

	static int accept(int fd) throws IOException {
		while (true) {
			try {
				return LibC.INSTANCE.accept4(fd, null, null, SOCK_CLOEXEC);
			}
			catch (LastErrorException ex) {
				if (ex.getErrorCode() != EINTR) {
					throw new IOException("accept failed: errno " + ex.getErrorCode(), ex);
				}
			}
		}
	}

	/**
	 * Returns the process and user at the other end of a connection, as the kernel saw
	 * them when it connected.
	 */
	static Peer peer(int fd) throws IOException {
		byte[] credentials = new byte[12];
		try {
			LibC.INSTANCE.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, credentials, new IntByReference(credentials.length));
		}
		catch (LastErrorException ex) {
			throw new IOException("Could not read the peer's credentials: errno " + ex.getErrorCode(), ex);
		}
		ByteBuffer buffer = ByteBuffer.wrap(credentials).order(ByteOrder.nativeOrder());
		return new Peer(buffer.getInt(0), Integer.toUnsignedLong(buffer.getInt(4)));
	}

	/**
	 * Reads what a connection has, waiting until something is there.
	 * @return the number of bytes read, 0 once the peer closed the connection or it was
	 * shut down
	 */
	static int read(int fd, byte[] buffer) throws IOException {
		while (true) {
			try {
				return LibC.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
			}
			catch (LastErrorException ex) {
				if (ex.getErrorCode() != EINTR) {
					throw new IOException("Could not read from a Unix socket: errno " + ex.getErrorCode(), ex);
				}
			}
		}
	}

	/**
	 * Writes to a connection, waiting for room; a peer that went away raises an
	 * exception, never {@code SIGPIPE}.
	 * @return the number of bytes written
	 */
	static int write(int fd, byte[] buffer) throws IOException {
		while (true) {
			try {
				return LibC.INSTANCE.send(fd, buffer, new NativeLong(buffer.length), MSG_NOSIGNAL).intValue();
			}
			catch (LastErrorException ex) {
				if (ex.getErrorCode() != EINTR) {
					throw new IOException("Could not write to a Unix socket: errno " + ex.getErrorCode(), ex);
				}
			}
		}
	}

	/**
	 * Shuts a socket down both ways: the calls blocked on it return, and later ones fail,
	 * while its descriptor stays taken until it is closed.
	 */
	static void shutdown(int fd) {
		try {
			LibC.INSTANCE.shutdown(fd, SHUT_RDWR);
		}
		catch (LastErrorException ex) {
			// not connected, or shut down already
		}
	}

	static long effectiveUserId() {
		return Integer.toUnsignedLong(LibC.INSTANCE.geteuid());
	}

	/**
	 * Sends a payload and descriptors in one message, giving up after the timeout.
	 */
	static void send(int fd, byte[] payload, int[] descriptors, long timeoutMillis) throws IOException {
		if (descriptors.length > MAX_DESCRIPTORS) {
			throw new IOException("Cannot pass more than " + MAX_DESCRIPTORS + " descriptors");
		}
		try (Message message = new Message(Math.max(payload.length, 1), descriptors.length)) {
			message.data.write(0, payload, 0, payload.length);
			message.iovec.setLong(8, payload.length);
			Memory control = message.control;
			control.setLong(0, CMSG_HEADER + 4L * descriptors.length);
			control.setInt(8, SOL_SOCKET);
			control.setInt(12, SCM_RIGHTS);
			control.write(CMSG_HEADER, descriptors, 0, descriptors.length);
			message.header.setLong(40, control.size());
			setTimeout(fd, SO_SNDTIMEO, timeoutMillis);
			long sent = LibC.INSTANCE.sendmsg(fd, message.header, MSG_NOSIGNAL).longValue();
			if (sent != payload.length) {
				throw new IOException("Sent " + sent + " of " + payload.length + " bytes");
			}
		}
		catch (LastErrorException ex) {
			throw new IOException("Could not pass descriptors: errno " + ex.getErrorCode(), ex);
		}
	}

	/**
	 * Receives one message: its payload and the descriptors it carries, which are closed
	 * on {@code exec}.
	 */
	static Received receive(int fd) throws IOException {
		try (Message message = new Message(MAX_PAYLOAD, MAX_DESCRIPTORS)) {
			long length = LibC.INSTANCE.recvmsg(fd, message.header, MSG_CMSG_CLOEXEC).longValue();
			long controlLength = message.header.getLong(40);
			int[] descriptors = new int[0];
			if (controlLength >= CMSG_HEADER && message.control.getInt(8) == SOL_SOCKET
					&& message.control.getInt(12) == SCM_RIGHTS) {
				descriptors = message.control.getIntArray(CMSG_HEADER,
						(int) ((message.control.getLong(0) - CMSG_HEADER) / 4));
			}
			if ((message.header.getInt(48) & MSG_CTRUNC) != 0) {
				closeAll(descriptors);
				throw new IOException("More descriptors were passed than " + MAX_DESCRIPTORS);
			}
			return new Received(message.data.getByteArray(0, (int) length), descriptors);
		}
		catch (LastErrorException ex) {
			throw new IOException("Could not receive descriptors: errno " + ex.getErrorCode(), ex);
		}
	}

	static void closeAll(int[] descriptors) {
		for (int descriptor : descriptors) {
			close(descriptor);
		}
	}

	static void close(int fd) {
		try {
			LibC.INSTANCE.close(fd);
		}
		catch (LastErrorException ex) {
			// nothing left to release
		}
	}

	private static int socket() throws IOException {
		try {
			return LibC.INSTANCE.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		}
		catch (LastErrorException ex) {
			throw new IOException("Could not create a Unix socket: errno " + ex.getErrorCode(), ex);
		}
	}

	private static void setTimeout(int fd, int option, long millis) {
		ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
		timeval.putLong(millis / 1000).putLong((millis % 1000) * 1000);
		LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, option, timeval.array(), 16);
	}

	private static byte[] address(Path path) throws IOException {
		byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
		if (name.length >= MAX_PATH) {
			throw new IOException("Socket path longer than " + (MAX_PATH - 1) + " bytes: " + path);
		}
		ByteBuffer address = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
		address.putShort(AF_UNIX).put(name);
		return address.array();
	}

	/**
	 * The other end of a connection.
	 *
	 * @param pid its process
	 * @param uid its user
	 */
	record Peer(long pid, long uid) {
	}

	/**
	 * A message received.
	 *
	 * @param payload its bytes
	 * @param descriptors the descriptors it carried
	 */
	record Received(byte[] payload, int[] descriptors) {
	}

	/**
	 * A {@code msghdr} with one {@code iovec} and room for a {@code cmsghdr} of the given
	 * number of descriptors.
	 */
	private static final class Message implements AutoCloseable {

		final Memory header = new Memory(56);

		final Memory iovec = new Memory(16);

		final Memory data;

		final Memory control;

		Message(int dataSize, int descriptors) {
			this.data = new Memory(dataSize);
			this.control = new Memory(CMSG_HEADER + ((4L * descriptors + 7) & ~7L));
			this.header.clear();
			this.control.clear();
			this.iovec.setPointer(0, this.data);
			this.iovec.setLong(8, dataSize);
			this.header.setPointer(16, this.iovec);
			this.header.setLong(24, 1);
			this.header.setPointer(32, this.control);
			this.header.setLong(40, this.control.size());
		}

		@Override
		public void close() {
			this.header.close();
			this.iovec.close();
			this.data.close();
			this.control.close();
		}

	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int socket(int domain, int type, int protocol) throws LastErrorException;

		int bind(int fd, byte[] address, int length) throws LastErrorException;

		int listen(int fd, int backlog) throws LastErrorException;

		int connect(int fd, byte[] address, int length) throws LastErrorException;

		int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

		int getsockopt(int fd, int level, int name, byte[] value, IntByReference length) throws LastErrorException;

		int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

		NativeLong sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

		NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

		NativeLong send(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

		int shutdown(int fd, int how) throws LastErrorException;

		NativeLong recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

		int geteuid();

		int close(int fd) throws LastErrorException;

	}

}
