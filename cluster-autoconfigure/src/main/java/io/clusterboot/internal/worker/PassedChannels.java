package io.clusterboot.internal.worker;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.clusterboot.internal.net.DescriptorClient;
import io.clusterboot.internal.net.DescriptorServer;

/**
 * The master's listening sockets other than the one on standard input, fetched once from
 * its {@link DescriptorServer} and made channels the web servers accept on.
 * <p>
 * The JDK makes a channel of an inherited socket only for descriptor 0
 * ({@link System#inheritedChannel()}); for another one this class calls the constructor
 * the JDK uses there ({@code sun.nio.ch.ServerSocketChannelImpl}, unchanged from Java 17
 * to 25), which the master opens to workers that serve such a socket with
 * {@value DescriptorServer#CHANNEL_JVM_OPTION}. The channel is then the JDK's own, with its real local address,
 * and Tomcat, Jetty and Netty select on it as on any other.
 *
 * @author ClusterBoot team
 */
final class PassedChannels {

	private static Map<String, ServerSocketChannel> channels;

	private PassedChannels() {
	}

	static synchronized ServerSocketChannel get(String name) throws IOException {
		if (channels == null) {
			channels = fetch();
		}
		ServerSocketChannel channel = channels.get(name);
		if (channel == null) {
			throw new IllegalStateException("The master holds no socket for the " + name + " port: it read another "
					+ "configuration when it started (management.server.port not set, or the server port); restart "
					+ "the master to serve a new " + name + " port");
		}
		return channel;
	}

	private static Map<String, ServerSocketChannel> fetch() throws IOException {
		String path = System.getenv(DescriptorServer.SOCKET_VARIABLE);
		if (path == null) {
			return Map.of();
		}
		Map<String, ServerSocketChannel> fetched = new HashMap<>();
		for (Map.Entry<String, Integer> socket : DescriptorClient.fetch(Path.of(path)).entrySet()) {
			fetched.put(socket.getKey(), channel(socket.getValue()));
		}
		return fetched;
	}

	static ServerSocketChannel channel(int fd) throws IOException {
		try {
			FileDescriptor descriptor = (FileDescriptor) Class.forName("sun.nio.ch.IOUtil")
				.getMethod("newFD", int.class)
				.invoke(null, fd);
			Constructor<?> constructor = Class.forName("sun.nio.ch.ServerSocketChannelImpl")
				.getDeclaredConstructor(SelectorProvider.class, java.net.ProtocolFamily.class, FileDescriptor.class,
						boolean.class);
			constructor.setAccessible(true);
			return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(),
					StandardProtocolFamily.INET, descriptor, true);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IOException("Cannot make a channel of the socket the master passed (descriptor " + fd
					+ "); the worker needs the JVM option " + DescriptorServer.CHANNEL_JVM_OPTION, ex);
		}
	}

}
