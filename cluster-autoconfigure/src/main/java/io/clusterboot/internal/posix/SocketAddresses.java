package io.clusterboot.internal.posix;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Socket addresses as libc takes them: {@code sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}, laid out by hand for Linux. The family is a native-order short,
 * the port and the address are in network order.
 *
 * @author ClusterBoot team
 */
public final class SocketAddresses {

	/** The longest {@code sockaddr_in6}, and what {@code getsockname} is given room for. */
	static final int MAX_INET_LENGTH = 28;

	private static final int MAX_PATH = 108;

	private SocketAddresses() {
	}

	/**
	 * Returns a {@code sockaddr_in} for an IPv4 address, else a {@code sockaddr_in6}.
	 * @param address the address and port
	 * @return the structure
	 */
	public static byte[] inet(InetSocketAddress address) {
		InetAddress host = address.getAddress();
		boolean ipv4 = host instanceof Inet4Address;
		ByteBuffer buffer = ByteBuffer.allocate(ipv4 ? 16 : MAX_INET_LENGTH);
		buffer.order(ByteOrder.nativeOrder()).putShort((short) (ipv4 ? PosixSockets.AF_INET : PosixSockets.AF_INET6));
		buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) address.getPort());
		if (!ipv4) {
			// the flow information
			buffer.putInt(0);
		}
		buffer.put(host.getAddress());
		return buffer.array();
	}

	/**
	 * Reads a {@code sockaddr_in} or a {@code sockaddr_in6}.
	 * @param sockaddr the structure
	 * @return the address and port
	 * @throws IllegalArgumentException if the structure is of another family
	 */
	public static InetSocketAddress inet(byte[] sockaddr) {
		int family = ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort(0);
		if (family != PosixSockets.AF_INET && family != PosixSockets.AF_INET6) {
			throw new IllegalArgumentException("Address family " + family + " is not IPv4 or IPv6");
		}
		byte[] host = (family == PosixSockets.AF_INET) ? Arrays.copyOfRange(sockaddr, 4, 8)
				: Arrays.copyOfRange(sockaddr, 8, 24);
		int port = ((sockaddr[2] & 0xff) << 8) | (sockaddr[3] & 0xff);
		try {
			return new InetSocketAddress(InetAddress.getByAddress(host), port);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns a {@code sockaddr_un} for a socket file.
	 * @param path the file
	 * @return the structure, the path ending with a NUL
	 * @throws IllegalArgumentException if the path is longer than 107 bytes
	 */
	public static byte[] unix(Path path) {
		byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
		if (name.length >= MAX_PATH) {
			throw new IllegalArgumentException("Socket path longer than " + (MAX_PATH - 1) + " bytes: " + path);
		}
		return unix(name, false);
	}

	/**
	 * Returns a {@code sockaddr_un} for a socket file or, for a name that starts with
	 * {@code @}, a socket in the abstract namespace, as {@code sd_notify} reads
	 * {@code NOTIFY_SOCKET}.
	 * @param name a path, or {@code @} and an abstract name
	 * @return the structure: a path ending with a NUL, or a NUL and the abstract name
	 * @throws IllegalArgumentException if the name is empty or too long
	 */
	public static byte[] unix(String name) {
		byte[] path = name.getBytes(StandardCharsets.UTF_8);
		boolean abstractName = name.startsWith("@");
		if (path.length < 2 && (abstractName || path.length == 0) || path.length >= MAX_PATH) {
			throw new IllegalArgumentException("'" + name + "' is not a socket path of 1 to " + (MAX_PATH - 1)
					+ " bytes or an @abstract name");
		}
		return unix(path, abstractName);
	}

	private static byte[] unix(byte[] path, boolean abstractName) {
		ByteBuffer buffer = ByteBuffer.allocate(2 + path.length + (abstractName ? 0 : 1));
		buffer.order(ByteOrder.nativeOrder()).putShort((short) PosixSockets.AF_UNIX);
		buffer.put(path);
		if (abstractName) {
			buffer.put(2, (byte) 0);
		}
		return buffer.array();
	}

}
