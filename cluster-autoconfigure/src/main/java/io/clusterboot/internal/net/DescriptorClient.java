package io.clusterboot.internal.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.UnixSockets;
import io.clusterboot.internal.posix.ReceivedMessage;

/**
 * Fetches the listening sockets a {@link DescriptorServer} hands out.
 *
 * @author ClusterBoot team
 */
public final class DescriptorClient {

	private static final long RECEIVE_TIMEOUT_MILLIS = 10_000;

	private DescriptorClient() {
	}

	/**
	 * Connects to a descriptor server and receives its sockets. The descriptors are this
	 * process's to close; they are closed on {@code exec}.
	 * @param path the server's socket
	 * @return the descriptors by name, in the order the server passed them
	 * @throws IOException if the server cannot be reached, refuses, or sends something
	 * else
	 */
	public static Map<String, Integer> fetch(Path path) throws IOException {
		int fd = UnixSockets.connect(path, RECEIVE_TIMEOUT_MILLIS);
		try {
			ReceivedMessage received = UnixSockets.receiveDescriptors(fd);
			if (received.payload().length == 0 && received.descriptors().length == 0) {
				throw new IOException(path + " passed no socket: a master passes them only to the processes it started");
			}
			List<String> names = List.of(new String(received.payload(), StandardCharsets.UTF_8).split("\n"));
			if (names.size() != received.descriptors().length) {
				Posix.closeQuietly(received.descriptors());
				throw new IOException(path + " passed " + received.descriptors().length + " descriptor(s) for "
						+ names.size() + " name(s)");
			}
			Map<String, Integer> sockets = new LinkedHashMap<>();
			for (int i = 0; i < names.size(); i++) {
				sockets.put(names.get(i), received.descriptors()[i]);
			}
			return sockets;
		}
		finally {
			Posix.closeQuietly(fd);
		}
	}

}
