package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The service manager's end of {@code NOTIFY_SOCKET}, as a test plays it: a Unix datagram
 * socket bound to a path, read without blocking (the JDK has no Unix datagram sockets,
 * hence libc through JNA, which the starter brings).
 *
 * @author ClusterBoot team
 */
final class NotifyReceiver implements AutoCloseable {

	private static final short AF_UNIX = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int MSG_DONTWAIT = 0x40;

	private final Path path;

	private final int fd;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private NotifyReceiver(Path path, int fd) {
		this.path = path;
		this.fd = fd;
	}

	/**
	 * Binds a datagram socket in a new temporary directory.
	 * @return the receiver
	 * @throws IOException if the directory cannot be made
	 */
	static NotifyReceiver bind() throws IOException {
		Path path = Files.createTempDirectory("clusterboot-notify-").resolve("notify.sock");
		int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
		ByteBuffer address = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
		address.putShort(AF_UNIX).put(name);
		LibC.INSTANCE.bind(fd, address.array(), address.capacity());
		return new NotifyReceiver(path, fd);
	}

	Path path() {
		return this.path;
	}

	/**
	 * Returns every datagram received so far, oldest first.
	 * @return the datagrams
	 */
	List<String> datagrams() {
		byte[] buffer = new byte[4096];
		while (true) {
			int length;
			try {
				length = LibC.INSTANCE.recv(this.fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT).intValue();
			}
			catch (LastErrorException ex) {
				return List.copyOf(this.received);
			}
			this.received.add(new String(buffer, 0, length, StandardCharsets.UTF_8));
		}
	}

	/**
	 * Waits until a datagram after the first {@code skip} ones carries the assignment.
	 * @param assignment such as {@code READY=1}
	 * @param skip datagrams not to look at
	 * @param timeout the longest wait
	 * @return the index of the datagram
	 */
	int await(String assignment, int skip, Duration timeout) {
		return Waits.until("a datagram with " + assignment + " after the first " + skip, timeout, () -> {
			List<String> datagrams = datagrams();
			for (int i = skip; i < datagrams.size(); i++) {
				if (datagrams.get(i).lines().anyMatch(assignment::equals)) {
					return i;
				}
			}
			return -1;
		}, (index) -> index >= 0, () -> "; datagrams: " + this.received);
	}

	@Override
	public void close() throws IOException {
		LibC.INSTANCE.close(this.fd);
		Files.deleteIfExists(this.path);
		Files.deleteIfExists(this.path.getParent());
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int socket(int domain, int type, int protocol) throws LastErrorException;

		int bind(int fd, byte[] address, int length) throws LastErrorException;

		NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
