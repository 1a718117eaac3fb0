package io.clusterboot.internal.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

import io.clusterboot.internal.systemd.InvalidListenSocketException;

import org.springframework.boot.web.server.PortInUseException;

/**
 * A listening socket made with libc calls and moved onto the master's file descriptor 0,
 * so that every worker started with {@link ProcessBuilder.Redirect#INHERIT inherited}
 * standard input gets a duplicate of it and serves it through
 * {@link System#inheritedChannel()}. The JDK cannot put a socket on a child's standard
 * input, hence the native calls. Linux only.
 * <p>
 * A second socket, such as the management port's, stays on a descriptor of its own, which
 * workers fetch from a {@link DescriptorServer}.
 *
 * @author ClusterBoot team
 */
public final class SharedListenSocket implements ListenSocket {

	private static final int STANDARD_INPUT = 0;

	private static final int AF_INET = 2;

	private static final int AF_INET6 = 10;

	private static final int SOCK_STREAM = 1;

	private static final int SOL_SOCKET = 1;

	private static final int SO_REUSEADDR = 2;

	private static final int SO_TYPE = 3;

	private static final int SO_ACCEPTCONN = 30;

	private static final int SO_DOMAIN = 39;

	private static final int EBADF = 9;

	private static final int ENOTSOCK = 88;

	private static final int EADDRINUSE = 98;

	private final int fd;

	private final InetSocketAddress address;

	private SharedListenSocket(int fd, InetSocketAddress address) {
		this.fd = fd;
		this.address = address;
	}

	/**
	 * Returns whether shared sockets can be made on this platform.
	 * @return {@code true} on Linux with JNA on the class path
	 */
	public static boolean isSupported() {
		try {
			return Platform.isLinux() && LibC.INSTANCE != null;
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	/**
	 * Binds and listens on the given address and moves the socket onto file descriptor 0.
	 * @param host the address to bind, {@code null} for every interface (IPv6 and IPv4
	 * where the host has IPv6)
	 * @param port the port, 0 for any free port
	 * @param backlog the length of the accept queue
	 * @return the socket
	 * @throws PortInUseException if the port is taken
	 * @throws IOException on any other failure
	 */
	public static SharedListenSocket open(InetAddress host, int port, int backlog) throws IOException {
		SharedListenSocket socket = openPassed(host, port, backlog);
		if (socket.fd == STANDARD_INPUT) {
			return socket;
		}
		try {
			LibC.INSTANCE.dup2(socket.fd, STANDARD_INPUT);
			return new SharedListenSocket(STANDARD_INPUT, socket.address);
		}
		catch (LastErrorException ex) {
			throw new IOException("Could not move the socket onto standard input: errno " + ex.getErrorCode(), ex);
		}
		finally {
			socket.close();
		}
	}

	/**
	 * Binds and listens on the given address, on a descriptor of its own that workers
	 * fetch from a {@link DescriptorServer}: a second port, such as the management port.
	 * @param host the address to bind, {@code null} for every interface (IPv6 and IPv4
	 * where the host has IPv6)
	 * @param port the port, 0 for any free port
	 * @param backlog the length of the accept queue
	 * @return the socket
	 * @throws PortInUseException if the port is taken
	 * @throws IOException on any other failure
	 */
	public static SharedListenSocket openPassed(InetAddress host, int port, int backlog) throws IOException {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("Port " + port + " is out of range (0 to 65535)");
		}
		boolean ipv4 = host instanceof Inet4Address;
		int fd = ipv4 ? socket(AF_INET) : socket(AF_INET6);
		if (fd < 0 && host == null) {
			ipv4 = true;
			host = InetAddress.getByAddress(new byte[4]);
			fd = socket(AF_INET);
		}
		if (fd < 0) {
			throw new IOException("Could not create a socket: errno " + Native.getLastError());
		}
		try {
			LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new IntByReference(1), 4);
			byte[] sockaddr = ipv4 ? sockaddrIn(host, port) : sockaddrIn6(host, port);
			bind(fd, sockaddr, port);
			LibC.INSTANCE.listen(fd, backlog);
			LibC.INSTANCE.getsockname(fd, sockaddr, new IntByReference(sockaddr.length));
			return new SharedListenSocket(fd, new InetSocketAddress(host, port(sockaddr)));
		}
		catch (LastErrorException | PortInUseException ex) {
			LibC.INSTANCE.close(fd);
			if (ex instanceof LastErrorException error) {
				throw new IOException("Could not listen on port " + port + ": errno " + error.getErrorCode(), ex);
			}
			throw ex;
		}
	}

	/**
	 * Returns whether this process's standard input is a listening socket, as systemd's
	 * {@code StandardInput=socket} passes one.
	 * @return {@code true} if it is
	 */
	public static boolean isListeningOnStandardInput() {
		try {
			return option(STANDARD_INPUT, SO_ACCEPTCONN) == 1;
		}
		catch (LastErrorException ex) {
			return false;
		}
	}

	/**
	 * Serves a listening socket this process was given, moved onto file descriptor 0.
	 * @param fd the socket's descriptor
	 * @param source where it came from, for messages, such as {@code LISTEN_FDS}
	 * @return the socket
	 * @throws InvalidListenSocketException if the descriptor is not a listening TCP
	 * socket
	 */
	public static SharedListenSocket inherit(int fd, String source) {
		InetSocketAddress address = listeningAddress(fd, source);
		if (fd != STANDARD_INPUT) {
			try {
				LibC.INSTANCE.dup2(fd, STANDARD_INPUT);
				LibC.INSTANCE.close(fd);
			}
			catch (LastErrorException ex) {
				throw new InvalidListenSocketException(source + " (descriptor " + fd + ")",
						"it cannot be moved onto standard input: errno " + ex.getErrorCode(),
						"Pass the listening socket from a socket unit, or start the master without LISTEN_FDS.");
			}
		}
		return new SharedListenSocket(STANDARD_INPUT, address);
	}

	/**
	 * Serves a listening socket this process was given on the descriptor it has, which
	 * workers fetch from a {@link DescriptorServer}: a second port, such as the
	 * management port.
	 * @param fd the socket's descriptor
	 * @param source where it came from, for messages, such as {@code LISTEN_FDS}
	 * @return the socket
	 * @throws InvalidListenSocketException if the descriptor is not a listening TCP
	 * socket
	 */
	public static SharedListenSocket inheritPassed(int fd, String source) {
		return new SharedListenSocket(fd, listeningAddress(fd, source));
	}

	private static InetSocketAddress listeningAddress(int fd, String source) {
		String passed = source + " (descriptor " + fd + ")";
		try {
			int domain = option(fd, SO_DOMAIN);
			if ((domain != AF_INET && domain != AF_INET6) || option(fd, SO_TYPE) != SOCK_STREAM) {
				throw new InvalidListenSocketException(passed, "it is not a TCP socket (a datagram or Unix socket?)",
						"Pass a TCP stream socket: ListenStream= with a port or an address and a port.");
			}
			if (option(fd, SO_ACCEPTCONN) != 1) {
				throw new InvalidListenSocketException(passed, "it is not listening (a connection of Accept=yes?)",
						"Pass the listening socket itself: Accept=no (the default) in the socket unit.");
			}
			byte[] sockaddr = new byte[28];
			LibC.INSTANCE.getsockname(fd, sockaddr, new IntByReference(sockaddr.length));
			return address(domain, sockaddr);
		}
		catch (LastErrorException ex) {
			String reason = switch (ex.getErrorCode()) {
				case EBADF -> "it is not open";
				case ENOTSOCK -> "it is not a socket";
				default -> "errno " + ex.getErrorCode();
			};
			throw new InvalidListenSocketException(passed, reason,
					"Pass the listening socket from a socket unit, or start the master without LISTEN_FDS.");
		}
	}

	private static int option(int fd, int name) {
		IntByReference value = new IntByReference();
		LibC.INSTANCE.getsockopt(fd, SOL_SOCKET, name, value, new IntByReference(4));
		return value.getValue();
	}

	/**
	 * Returns the port of a {@code sockaddr_in} or {@code sockaddr_in6}, which both hold
	 * it in network order after the family.
	 */
	private static int port(byte[] sockaddr) {
		return ((sockaddr[2] & 0xff) << 8) | (sockaddr[3] & 0xff);
	}

	private static InetSocketAddress address(int domain, byte[] sockaddr) {
		byte[] host = (domain == AF_INET) ? Arrays.copyOfRange(sockaddr, 4, 8)
				: Arrays.copyOfRange(sockaddr, 8, 24);
		try {
			return new InetSocketAddress(InetAddress.getByAddress(host), port(sockaddr));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int socket(int family) {
		try {
			return LibC.INSTANCE.socket(family, SOCK_STREAM, 0);
		}
		catch (LastErrorException ex) {
			return -1;
		}
	}

	private static void bind(int fd, byte[] sockaddr, int port) {
		try {
			LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == EADDRINUSE) {
				throw new PortInUseException(port, ex);
			}
			throw ex;
		}
	}

	private static byte[] sockaddrIn(InetAddress host, int port) {
		ByteBuffer buffer = ByteBuffer.allocate(16);
		buffer.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
		buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
		buffer.put(host.getAddress());
		return buffer.array();
	}

	private static byte[] sockaddrIn6(InetAddress host, int port) {
		ByteBuffer buffer = ByteBuffer.allocate(28);
		buffer.order(ByteOrder.nativeOrder()).putShort((short) AF_INET6);
		buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
		buffer.putInt(0);
		buffer.put((host != null) ? host.getAddress() : new byte[16]);
		return buffer.array();
	}

	@Override
	public ListenerMode mode() {
		return ListenerMode.SHARED;
	}

	@Override
	public InetSocketAddress address() {
		return this.address;
	}

	/**
	 * Returns the socket's file descriptor in this process: 0, or the one to pass.
	 * @return the descriptor
	 */
	public int descriptor() {
		return this.fd;
	}

	@Override
	public void configure(ProcessBuilder builder) {
		if (this.fd == STANDARD_INPUT) {
			builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
		}
	}

	/**
	 * Closes the master's descriptor. Workers still running keep their duplicates.
	 */
	@Override
	public void close() {
		LibC.INSTANCE.close(this.fd);
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int socket(int domain, int type, int protocol) throws LastErrorException;

		int setsockopt(int fd, int level, int name, IntByReference value, int length) throws LastErrorException;

		int bind(int fd, byte[] address, int length) throws LastErrorException;

		int listen(int fd, int backlog) throws LastErrorException;

		int getsockopt(int fd, int level, int name, IntByReference value, IntByReference length)
				throws LastErrorException;

		int getsockname(int fd, byte[] address, IntByReference length) throws LastErrorException;

		int dup2(int fd, int target) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
