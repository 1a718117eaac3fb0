package io.clusterboot.internal.master;

import java.time.Duration;

import org.springframework.util.ClassUtils;

/**
 * The application's log file ({@code logging.file.name} or {@code logging.file.path}),
 * written by the master alone: its own lines, and each line of its workers once, as it
 * relays it to its output. Workers then do not open the file, so that one process rolls
 * it over: Logback does not support several JVMs rolling one file. Writing never waits
 * for the file; when it is stuck, lines are dropped, counted and reported in it.
 *
 * @author ClusterBoot team
 */
interface ClusterLogFile extends AutoCloseable {

	/**
	 * No log file, or one the master cannot write for its workers (a logging system other
	 * than Logback, a file appender of the application's own): workers write theirs.
	 */
	ClusterLogFile NONE = new ClusterLogFile() {

		@Override
		public boolean isWritten() {
			return false;
		}

		@Override
		public void write(String line) {
		}

		@Override
		public void close() {
		}

	};

	/**
	 * How long closing waits for the lines still queued.
	 */
	Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Takes the master's log file over, if Spring Boot configured one in Logback.
	 * @param predecessor the pid of the master this one replaces, who writes the file
	 * until it exits, or {@code null}
	 * @return the log file, or {@link #NONE}
	 */
	static ClusterLogFile takeOver(Long predecessor) {
		if (!ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", ClusterLogFile.class.getClassLoader())) {
			return NONE;
		}
		return LogbackClusterLogFile.takeOver(System.getProperty("LOG_FILE"), predecessor);
	}

	/**
	 * Returns whether the master writes the file: then workers must not.
	 * @return whether it does
	 */
	boolean isWritten();

	/**
	 * Queues a worker's line, as the master relays it, for the file. Never blocks.
	 * @param line the line
	 */
	void write(String line);

	/**
	 * Gives the queued lines a moment to reach the file, and hands the file back to the
	 * master's logging.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Override
	void close() throws InterruptedException;

}
