package io.clusterboot.internal.posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that ClusterBoot runs without JNA, an optional dependency: its classes load, say
 * that libc is not available, and take the JDK's way. They run in a class loader that
 * defines ClusterBoot's classes afresh and finds no JNA, so that the JVM verifies them
 * there.
 *
 * @author ClusterBoot team
 */
class PosixWithoutJnaTests {

	/** Every class that makes native calls but the binding and the messages, which need JNA. */
	private static final List<String> NATIVE_CALLERS = List.of("io.clusterboot.internal.posix.Posix",
			"io.clusterboot.internal.posix.PosixSockets", "io.clusterboot.internal.posix.UnixSockets",
			"io.clusterboot.internal.posix.ErrnoException", "io.clusterboot.internal.net.SharedListenSocket",
			"io.clusterboot.internal.net.DescriptorServer", "io.clusterboot.internal.net.DescriptorClient",
			"io.clusterboot.internal.net.DescriptorChannel", "io.clusterboot.internal.net.SharedDescriptor",
			"io.clusterboot.internal.net.UnixSocketListener", "io.clusterboot.internal.systemd.NotifySocket",
			"io.clusterboot.internal.master.OrphanReaper", "io.clusterboot.internal.master.Signals",
			"io.clusterboot.internal.master.MasterMemory", "io.clusterboot.internal.worker.WorkerScheduling");

	private final ClassLoader withoutJna = new WithoutJnaClassLoader(getClass().getClassLoader());

	@TempDir
	Path directory;

	@Test
	void libcIsNotAvailable() throws Exception {
		assertThat(call("io.clusterboot.internal.posix.Posix", "isAvailable")).isEqualTo(false);
		assertThat(call("io.clusterboot.internal.posix.Posix", "isAvailableOn64Bits")).isEqualTo(false);
		assertThat(call("io.clusterboot.internal.net.SharedListenSocket", "isSupported")).isEqualTo(false);
		assertThat(call("io.clusterboot.internal.net.DescriptorServer", "isSupported")).isEqualTo(false);
	}

	@Test
	void theClassesThatMakeNativeCallsLoad() throws Exception {
		for (String caller : NATIVE_CALLERS) {
			assertThat(Class.forName(caller, true, this.withoutJna).getClassLoader()).isSameAs(this.withoutJna);
		}
	}

	@Test
	void theMastersMemoryIsTrimmedWithoutMallocTrim() throws Exception {
		call("io.clusterboot.internal.master.MasterMemory", "trim");
	}

	@Test
	void theControlSocketIsTheJdksChannelAndItsPeersAreUnknown() throws Exception {
		Class<?> listenerClass = Class.forName("io.clusterboot.internal.net.UnixSocketListener", true,
				this.withoutJna);
		Path path = this.directory.resolve("control.sock");
		try (AutoCloseable listener = (AutoCloseable) listenerClass.getMethod("listen", Path.class)
			.invoke(null, path); SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			Object connection = listenerClass.getMethod("accept").invoke(listener);
			assertThat(connection.getClass().getMethod("pid").invoke(connection)).isNull();
			assertThat(connection.getClass().getMethod("isOfAnotherUser").invoke(connection)).isEqualTo(false);
			((AutoCloseable) connection.getClass().getMethod("channel").invoke(connection)).close();
		}
	}

	private Object call(String className, String method) throws Exception {
		Method target = Class.forName(className, true, this.withoutJna).getDeclaredMethod(method);
		target.setAccessible(true);
		return target.invoke(null);
	}

	/**
	 * Finds no JNA, and defines ClusterBoot's classes itself; everything else comes from
	 * its parent.
	 */
	private static final class WithoutJnaClassLoader extends ClassLoader {

		WithoutJnaClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("com.sun.jna.")) {
				throw new ClassNotFoundException(name);
			}
			if (!name.startsWith("io.clusterboot.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					byte[] bytes = classFile(name);
					loaded = defineClass(name, bytes, 0, bytes.length);
				}
				return loaded;
			}
		}

		@Override
		public URL getResource(String name) {
			return name.startsWith("com/sun/jna/") ? null : super.getResource(name);
		}

		private byte[] classFile(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
