package io.clusterboot.internal.master;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.clusterboot.internal.support.Durations;
import io.clusterboot.internal.support.JvmOptionVariables;
import io.clusterboot.internal.systemd.ServiceManager;

/**
 * Reads the {@code cluster.*} settings of the application on disk the way the master read
 * its own at start: it runs a JVM of the master's command line (the jar on disk, the
 * master's JVM options and arguments, the same environment) that stops once its
 * configuration is resolved and validated, and writes it ({@link ClusterConfiguration}).
 * Invalid settings make that JVM fail with Spring Boot's failure analysis, which is what
 * the reading fails with. It runs on a thread of its own: the master never waits on it.
 *
 * @author ClusterBoot team
 */
class ConfigurationReader implements Closeable {

	private static final int TAIL_LINES = 30;

	/**
	 * The JVM that reads the configuration for a reload runs for about a second, too
	 * short for the optimizing compiler to pay off: without it, it starts about a
	 * quarter faster.
	 */
	private static final String READER_JVM_OPTION = "-XX:TieredStopAtLevel=1";

	private final List<String> command;

	private final Path directory;

	private final Duration timeout;

	private final Set<Process> running = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a reader.
	 * @param command the master's command line
	 * @param directory a private directory for the file the JVM writes
	 * @param timeout how long the JVM may take
	 */
	ConfigurationReader(List<String> command, Path directory, Duration timeout) {
		this.command = List.copyOf(command);
		this.directory = directory;
		this.timeout = timeout;
	}

	/**
	 * Creates a reader that runs this JVM's command line.
	 * @param args the application's arguments
	 * @param directory a private directory for the file the JVM writes
	 * @param timeout how long the JVM may take
	 * @return the reader
	 */
	static ConfigurationReader ofCurrentProcess(List<String> args, Path directory, Duration timeout) {
		return new ConfigurationReader(WorkerCommand.ofCurrentProcess(List.of(READER_JVM_OPTION), args).toList(),
				directory, timeout);
	}

	/**
	 * Starts reading the settings.
	 * @return the settings, or a failure whose message says why they could not be read
	 */
	CompletableFuture<MasterSettings> read() {
		CompletableFuture<MasterSettings> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(readNow());
			}
			catch (IOException | RuntimeException ex) {
				result.completeExceptionally(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				result.completeExceptionally(ex);
			}
		}, "cluster-configuration-reader");
		thread.setDaemon(true);
		thread.start();
		return result;
	}

	private MasterSettings readNow() throws IOException, InterruptedException {
		Path output = Files.createTempFile(this.directory, "configuration", ".json");
		try {
			ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			ServiceManager.removeVariables(builder.environment());
			Predecessor.removeVariables(builder.environment());
			JvmOptionVariables.remove(builder.environment());
			builder.environment().put(ClusterConfiguration.OUTPUT_VARIABLE, output.toString());
			Process process = builder.start();
			this.running.add(process);
			AtomicBoolean timedOut = new AtomicBoolean();
			CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
				timedOut.set(true);
				process.destroyForcibly();
			}, CompletableFuture.delayedExecutor(this.timeout.toMillis(), TimeUnit.MILLISECONDS));
			List<String> lines;
			int exitCode;
			try {
				lines = tail(process);
				exitCode = process.waitFor();
			}
			finally {
				watchdog.cancel(false);
				process.destroyForcibly();
				this.running.remove(process);
			}
			if (timedOut.get()) {
				throw new IOException("the JVM that reads it did not finish within " + Durations.print(this.timeout));
			}
			if (exitCode != 0) {
				throw new IOException("the JVM that reads it exited with code " + exitCode + ": " + analysis(lines));
			}
			return ClusterConfiguration.read(output);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/**
	 * Kills a JVM still reading, so that none outlives the master.
	 */
	@Override
	public void close() {
		this.running.forEach(Process::destroyForcibly);
	}

	private static List<String> tail(Process process) {
		Deque<String> tail = new ArrayDeque<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (tail.size() == TAIL_LINES) {
					tail.removeFirst();
				}
				tail.addLast(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(tail);
	}

	/**
	 * Returns the failure analysis in the output (its description and action), or the
	 * last lines where there is none.
	 */
	static String analysis(List<String> lines) {
		int description = lines.indexOf("Description:");
		List<String> shown = (description >= 0) ? lines.subList(description + 1, lines.size())
				: lines.subList(Math.max(0, lines.size() - 5), lines.size());
		return String.join(" ", shown.stream().map(String::strip).filter((line) -> !line.isEmpty()).toList());
	}

}
