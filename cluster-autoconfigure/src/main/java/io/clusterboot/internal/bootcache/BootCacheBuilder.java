package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.support.Durations;
import io.clusterboot.internal.support.JvmOptionVariables;
import io.clusterboot.internal.systemd.ServiceManager;

/**
 * Builds one boot cache entry: extracts the application's jar the way Spring Boot
 * documents ({@code java -Djarmode=tools -jar app.jar extract}), then runs the extracted
 * application once as a training run with {@code spring.context.exit=onRefresh}, which
 * writes the class archive as it exits.
 * <p>
 * The training run creates the application's beans, as every worker start does (so it
 * connects to databases and runs migrations, which a worker would run anyway), and stops
 * before the web server starts, so it never serves or binds a port. It runs with the
 * workers' JVM options, which a class archive must match.
 *
 * @author ClusterBoot team
 */
final class BootCacheBuilder {

	static final String READY_FILE = "ready";

	static final String TRAINING_LOG = "training.log";

	private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(2);

	private static final int REASON_LINES = 5;

	private final Application application;

	private final ArchiveKind kind;

	private final Duration trainingTimeout;

	private volatile Process running;

	BootCacheBuilder(Application application, ArchiveKind kind, Duration trainingTimeout) {
		this.application = application;
		this.kind = kind;
		this.trainingTimeout = trainingTimeout;
	}

	/**
	 * Builds an entry in a directory that must not exist yet, and marks it ready last,
	 * so that a half-built entry is never used.
	 * @param directory the entry's directory
	 * @return the entry
	 * @throws BuildException if the entry could not be built
	 * @throws InterruptedException if interrupted while a step runs
	 */
	Entry build(Path directory) throws BuildException, InterruptedException {
		Entry entry = new Entry(directory, this.application.jar().getFileName().toString(), this.kind);
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new BuildException("Cannot create " + directory + ": " + ex);
		}
		List<String> extract = List.of(this.application.java(), "-Djarmode=tools", "-jar",
				this.application.jar().toString(), "extract", "--destination", entry.applicationDirectory().toString());
		run("Extracting the jar", extract, directory.resolve("extract.log"), EXTRACT_TIMEOUT);
		if (!Files.isRegularFile(entry.jar())) {
			throw new BuildException("Extracting the jar made no " + entry.jar() + " (does the jar include Spring "
					+ "Boot's jarmode tools?)");
		}
		List<String> training = new ArrayList<>();
		training.add(this.application.java());
		training.addAll(this.application.jvmArguments());
		training.add(this.kind.trainingOption(entry.archive()));
		training.add("-Dspring.context.exit=onRefresh");
		training.add("-jar");
		training.add(entry.jar().toString());
		training.addAll(this.application.arguments());
		run("The training run", training, directory.resolve(TRAINING_LOG), this.trainingTimeout);
		try {
			if (!Files.isRegularFile(entry.archive()) || Files.size(entry.archive()) == 0) {
				throw new BuildException("The training run wrote no class archive. "
						+ lastLines(directory.resolve(TRAINING_LOG)));
			}
			Files.writeString(directory.resolve(READY_FILE),
					this.application.jar().toAbsolutePath() + System.lineSeparator());
		}
		catch (IOException ex) {
			throw new BuildException("Cannot write to " + directory + ": " + ex);
		}
		return entry;
	}

	private void run(String step, List<String> command, Path log, Duration timeout)
			throws BuildException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		ServiceManager.removeVariables(builder.environment());
		JvmOptionVariables.remove(builder.environment());
		builder.environment().put(BootCache.TRAINING_ENVIRONMENT, "true");
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new BuildException(step + " could not be started: " + ex.getMessage());
		}
		this.running = process;
		try {
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new BuildException(step + " did not end within " + Durations.print(timeout) + ". "
						+ lastLines(log));
			}
			if (process.exitValue() != 0) {
				throw new BuildException(step + " exited with code " + process.exitValue() + ". " + lastLines(log));
			}
		}
		catch (IOException ex) {
			throw new BuildException(step + " failed: " + ex.getMessage());
		}
		finally {
			process.destroyForcibly();
			this.running = null;
		}
	}

	/**
	 * Kills the step that runs, if any.
	 */
	void stop() {
		Process process = this.running;
		if (process != null) {
			process.destroyForcibly();
		}
	}

	private static String lastLines(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, Charset.defaultCharset());
			return "Its last output (" + log + "):" + System.lineSeparator()
					+ String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - REASON_LINES),
							lines.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "Its output: " + log;
		}
	}

	/**
	 * A step of the build failed.
	 */
	static final class BuildException extends Exception {

		BuildException(String message) {
			super(message);
		}

	}

}
