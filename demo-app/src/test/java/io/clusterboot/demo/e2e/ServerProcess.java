package io.clusterboot.demo.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server from an operating system package that a test runs next to its clusters, such as
 * Redis or PostgreSQL: a process of its own, its output in a log file of the end-to-end
 * logs, stopped by its pid when the test ends.
 *
 * @author ClusterBoot team
 */
final class ServerProcess implements AutoCloseable {

	/** How long a server may take to stop once asked before it and its children are killed. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	/** The lines of the log that a failure message shows. */
	private static final int TAIL_LINES = 30;

	private final Process process;

	private final Path log;

	private final Signal stop;

	private ServerProcess(Process process, Path log, Signal stop) {
		this.process = process;
		this.log = log;
		this.stop = stop;
	}

	/**
	 * Starts a server; its output goes to the log.
	 * @param log the log file (appended to)
	 * @param stop the signal that stops it cleanly
	 * @param command the command and its arguments
	 * @return the running server, to close
	 */
	static ServerProcess start(Path log, Signal stop, List<String> command) {
		note(log, "start: " + String.join(" ", command));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(log.toFile()))
				.redirectInput(Redirect.from(new File("/dev/null")))
				.start();
			note(log, "pid " + process.pid());
			return new ServerProcess(process, log, stop);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command + " (is its Debian package installed? "
					+ ".ci/run installs it)", ex);
		}
	}

	/**
	 * Runs a command to its end, its output appended to the log, and checks that it
	 * succeeded.
	 * @param log the log file
	 * @param timeout how long it may take before it is killed
	 * @param command the command and its arguments
	 */
	static void run(Path log, Duration timeout, List<String> command) {
		int exitCode = exitCode(log, timeout, command);
		if (exitCode != 0) {
			throw new AssertionError(command + " exited with " + exitCode + tail(log));
		}
	}

	/**
	 * Runs a command to its end, its output appended to the log.
	 * @param log the log file
	 * @param timeout how long it may take before it is killed
	 * @param command the command and its arguments
	 * @return its exit code
	 */
	static int exitCode(Path log, Duration timeout, List<String> command) {
		note(log, "run: " + String.join(" ", command));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		try {
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(command + " still running after " + timeout.toMillis() + " ms" + tail(log));
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while running " + command, ex);
		}
		finally {
			process.destroyForcibly();
		}
	}

	boolean isRunning() {
		return Processes.isRunning(this.process.toHandle());
	}

	/**
	 * The end of the server's log, to append to a failure message.
	 * @return the description
	 */
	String describe() {
		return tail(this.log);
	}

	/**
	 * Stops the server with its stop signal and waits for it; kills it and every child it
	 * had with {@code SIGKILL} if it takes longer than 10 s.
	 * @throws AssertionError if a process survives even that
	 */
	@Override
	public void close() {
		ProcessHandle server = this.process.toHandle();
		List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
		all.add(server);
		if (isRunning()) {
			note(this.log, "stopping with SIG" + this.stop);
			Processes.signal(server, this.stop);
			if (!awaitGone(List.of(server))) {
				note(this.log, "not stopped after " + STOP_TIMEOUT.toSeconds() + " s: SIGKILL");
			}
		}
		all.addAll(server.descendants().toList());
		all.stream().filter(Processes::isRunning).forEach(ProcessHandle::destroyForcibly);
		if (!awaitGone(all)) {
			throw new AssertionError("Still running: " + all.stream().filter(Processes::isRunning).toList() + tail(this.log));
		}
		note(this.log, "stopped, exit code " + this.process.exitValue());
	}

	private static boolean awaitGone(List<ProcessHandle> processes) {
		try {
			Waits.until("the server to exit", STOP_TIMEOUT, () -> processes.stream().noneMatch(Processes::isRunning),
					() -> "");
			return true;
		}
		catch (AssertionError ex) {
			return false;
		}
	}

	private static void note(Path log, String message) {
		try {
			Files.writeString(log, "### " + message + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + log, ex);
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "\n--- last lines of " + log + " ---\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "\n(" + log + " unreadable: " + ex + ")";
		}
	}

}
