package io.clusterboot.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.clusterboot.internal.posix.ErrnoException;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.PosixSockets;
import io.clusterboot.internal.posix.SocketAddresses;
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
		return Posix.isAvailable();
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
			Posix.dup2(socket.fd, STANDARD_INPUT);
			return new SharedListenSocket(STANDARD_INPUT, socket.address);
		}
		catch (ErrnoException ex) {
			throw new IOException("Could not move the socket onto standard input: " + ex.getMessage(), ex);
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
		InetAddress bound = (host != null) ? host : InetAddress.getByAddress(new byte[16]);
		int fd;
		try {
			fd = socket(bound);
		}
		catch (IOException ex) {
			if (host != null) {
				throw ex;
			}
			// no IPv6 here: every IPv4 interface
			host = InetAddress.getByAddress(new byte[4]);
			bound = host;
			fd = socket(bound);
		}
		try {
			PosixSockets.setOption(fd, PosixSockets.SO_REUSEADDR, 1);
			bind(fd, new InetSocketAddress(bound, port));
			PosixSockets.listen(fd, backlog);
			return new SharedListenSocket(fd, new InetSocketAddress(host, PosixSockets.localAddress(fd).getPort()));
		}
		catch (ErrnoException ex) {
			Posix.closeQuietly(fd);
			throw new IOException("Could not listen on port " + port + ": " + ex.getMessage(), ex);
		}
		catch (PortInUseException ex) {
			Posix.closeQuietly(fd);
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
			return PosixSockets.option(STANDARD_INPUT, PosixSockets.SO_ACCEPTCONN) == 1;
		}
		catch (ErrnoException ex) {
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
				Posix.dup2(fd, STANDARD_INPUT);
				Posix.close(fd);
			}
			catch (ErrnoException ex) {
				throw new InvalidListenSocketException(source + " (descriptor " + fd + ")",
						"it cannot be moved onto standard input: " + ex.getMessage(),
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
			int domain = PosixSockets.option(fd, PosixSockets.SO_DOMAIN);
			if ((domain != PosixSockets.AF_INET && domain != PosixSockets.AF_INET6)
					|| PosixSockets.option(fd, PosixSockets.SO_TYPE) != PosixSockets.SOCK_STREAM) {
				throw new InvalidListenSocketException(passed, "it is not a TCP socket (a datagram or Unix socket?)",
						"Pass a TCP stream socket: ListenStream= with a port or an address and a port.");
			}
			if (PosixSockets.option(fd, PosixSockets.SO_ACCEPTCONN) != 1) {
				throw new InvalidListenSocketException(passed, "it is not listening (a connection of Accept=yes?)",
						"Pass the listening socket itself: Accept=no (the default) in the socket unit.");
			}
			return PosixSockets.localAddress(fd);
		}
		catch (ErrnoException ex) {
			String reason = switch (ex.errno()) {
				case ErrnoException.EBADF -> "it is not open";
				case ErrnoException.ENOTSOCK -> "it is not a socket";
				default -> ex.getMessage();
			};
			throw new InvalidListenSocketException(passed, reason,
					"Pass the listening socket from a socket unit, or start the master without LISTEN_FDS.");
		}
	}

	/**
	 * Creates a TCP socket of the address's family.
	 */
	private static int socket(InetAddress address) throws IOException {
		int family = (address instanceof Inet4Address) ? PosixSockets.AF_INET : PosixSockets.AF_INET6;
		try {
			return PosixSockets.socket(family, PosixSockets.SOCK_STREAM);
		}
		catch (ErrnoException ex) {
			throw new IOException("Could not create a socket: " + ex.getMessage(), ex);
		}
	}

	private static void bind(int fd, InetSocketAddress address) throws ErrnoException {
		try {
			PosixSockets.bind(fd, SocketAddresses.inet(address));
		}
		catch (ErrnoException ex) {
			if (ex.errno() == ErrnoException.EADDRINUSE) {
				throw new PortInUseException(address.getPort(), ex);
			}
			throw ex;
		}
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
		try {
			Posix.close(this.fd);
		}
		catch (ErrnoException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
