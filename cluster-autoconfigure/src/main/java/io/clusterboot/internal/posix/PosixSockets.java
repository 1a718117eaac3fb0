package io.clusterboot.internal.posix;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * libc's socket calls, for what the JDK's channels cannot do: a listening socket that
 * workers inherit on a descriptor, and datagrams to a Unix socket. Call them only where
 * {@link Posix#isAvailable()}. The connections of Unix stream sockets are
 * {@link UnixSockets}'s.
 *
 * @author ClusterBoot team
 */
public final class PosixSockets {

	/** Unix domain sockets. */
	public static final int AF_UNIX = 1;

	/** IPv4. */
	public static final int AF_INET = 2;

	/** IPv6, and IPv4 through mapped addresses. */
	public static final int AF_INET6 = 10;

	/** A connection's byte stream. */
	public static final int SOCK_STREAM = 1;

	/** Datagrams. */
	public static final int SOCK_DGRAM = 2;

	/** A flag of a socket's type: the descriptor is closed on {@code exec}. */
	public static final int SOCK_CLOEXEC = 0x80000;

	/** Whether the socket may bind an address that connections still use. */
	public static final int SO_REUSEADDR = 2;

	/** The socket's type, such as {@link #SOCK_STREAM}. */
	public static final int SO_TYPE = 3;

	/** Whether the socket listens: 1 if it does. */
	public static final int SO_ACCEPTCONN = 30;

	/** The socket's family, such as {@link #AF_INET}. */
	public static final int SO_DOMAIN = 39;

	/** A flag of a send: no {@code SIGPIPE} when the peer went away. */
	static final int MSG_NOSIGNAL = 0x4000;

	private static final int MSG_DONTWAIT = 0x40;

	private static final int SOL_SOCKET = 1;

	private PosixSockets() {
	}

	/**
	 * Creates a socket.
	 * @param domain the family, such as {@link #AF_INET6}
	 * @param type the type, such as {@link #SOCK_STREAM}, and its flags
	 * @return the socket's descriptor
	 * @throws ErrnoException if the family is not supported here, or no descriptor is
	 * left
	 */
	public static int socket(int domain, int type) throws ErrnoException {
		return ErrnoException.check(Libc.INSTANCE.socket(domain, type, 0), "socket");
	}

	/**
	 * Sets an integer option of a socket, at the socket level.
	 * @param fd the socket
	 * @param option the option, such as {@link #SO_REUSEADDR}
	 * @param value its value
	 * @throws ErrnoException if the descriptor is not a socket
	 */
	public static void setOption(int fd, int option, int value) throws ErrnoException {
		setOption(fd, option, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
	}

	/**
	 * Returns an integer option of a socket, at the socket level.
	 * @param fd the socket
	 * @param option the option, such as {@link #SO_DOMAIN}
	 * @return its value
	 * @throws ErrnoException if the descriptor is not open ({@link ErrnoException#EBADF})
	 * or not a socket ({@link ErrnoException#ENOTSOCK})
	 */
	public static int option(int fd, int option) throws ErrnoException {
		return ByteBuffer.wrap(option(fd, option, 4)).order(ByteOrder.nativeOrder()).getInt();
	}

	/**
	 * Binds a socket to an address.
	 * @param fd the socket
	 * @param address the address, from {@link SocketAddresses}
	 * @throws ErrnoException if it cannot be bound: {@link ErrnoException#EADDRINUSE} if
	 * it is taken
	 */
	public static void bind(int fd, byte[] address) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.bind(fd, address, address.length), "bind");
	}

	/**
	 * Listens on a bound socket.
	 * @param fd the socket
	 * @param backlog the length of its accept queue
	 * @throws ErrnoException if it cannot listen
	 */
	public static void listen(int fd, int backlog) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.listen(fd, backlog), "listen");
	}

	/**
	 * Returns the address and port an IPv4 or IPv6 socket is bound to.
	 * @param fd the socket
	 * @return the address
	 * @throws ErrnoException if the descriptor is not a socket
	 */
	public static InetSocketAddress localAddress(int fd) throws ErrnoException {
		byte[] address = new byte[SocketAddresses.MAX_INET_LENGTH];
		ErrnoException.check(Libc.INSTANCE.getsockname(fd, address, new IntByReference(address.length)),
				"getsockname");
		return SocketAddresses.inet(address);
	}

	/**
	 * Sends a datagram without waiting: a datagram the receiver does not take at once is
	 * not sent, and a receiver that went away raises an exception, never {@code SIGPIPE}.
	 * @param fd the datagram socket
	 * @param message the datagram
	 * @param address the receiver, from {@link SocketAddresses}
	 * @throws ErrnoException if it was not sent
	 */
	public static void sendTo(int fd, byte[] message, byte[] address) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE
			.sendto(fd, message, new NativeLong(message.length), MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length)
			.longValue(), "sendto");
	}

	/**
	 * Returns an option of a socket, at the socket level, as libc writes it.
	 */
	static byte[] option(int fd, int option, int length) throws ErrnoException {
		byte[] value = new byte[length];
		ErrnoException.check(Libc.INSTANCE.getsockopt(fd, SOL_SOCKET, option, value, new IntByReference(length)),
				"getsockopt");
		return value;
	}

	/**
	 * Sets an option of a socket, at the socket level, as libc reads it.
	 */
	static void setOption(int fd, int option, byte[] value) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.setsockopt(fd, SOL_SOCKET, option, value, value.length), "setsockopt");
	}

}
