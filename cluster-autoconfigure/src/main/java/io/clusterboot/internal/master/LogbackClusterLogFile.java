package io.clusterboot.internal.master;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import org.slf4j.LoggerFactory;

/**
 * The log file Spring Boot configured in Logback, written by the master's file appender
 * (Boot's rolling policy and its {@code logging.logback.rollingpolicy.*} properties
 * apply) from a thread of its own: the master's own events and its workers' lines join
 * one bounded queue in place of the appender on the root logger. A worker's line is
 * written as the master relays it, not re-encoded.
 * <p>
 * A master that replaces another (an upgrade) keeps its lines queued until the old
 * master exited: the old one writes the file, and rolls it over, until its last worker
 * is gone, and the new one then reopens the file and writes what waited. There is one
 * writer at any time, at the cost of the new master's first lines reaching the file
 * after the old master's last ones.
 *
 * @author ClusterBoot team
 */
final class LogbackClusterLogFile implements ClusterLogFile {

	/**
	 * How many lines may wait for the file: enough for the time an old master takes to
	 * retire its workers in an upgrade.
	 */
	static final int CAPACITY_LINES = 8192;

	private static final String LOGGER_NAME = ClusterLogFile.class.getName();

	private final Logger root;

	private final FileAppender<ILoggingEvent> file;

	private final QueueingAppender queueing;

	private final NonBlockingWriter<ILoggingEvent> writer;

	private LogbackClusterLogFile(Logger root, FileAppender<ILoggingEvent> file, Long predecessor) {
		this.root = root;
		this.file = file;
		this.writer = new NonBlockingWriter<>(CAPACITY_LINES, new FileOutput(file, predecessor),
				LogbackClusterLogFile::droppedReport, "cluster-log-file");
		this.queueing = new QueueingAppender(this.writer);
		this.queueing.setContext(root.getLoggerContext());
		this.queueing.setName("CLUSTER_FILE");
		this.queueing.start();
		file.setEncoder(new RelayedLineEncoder(file.getEncoder()));
		root.addAppender(this.queueing);
		root.detachAppender(file);
	}

	/**
	 * Takes the file appender of Spring Boot's log file over from the root logger.
	 * @param logFile the log file Spring Boot configured ({@code LOG_FILE}), or
	 * {@code null}
	 * @param predecessor the pid of the master this one replaces, or {@code null}
	 * @return the log file, or {@link ClusterLogFile#NONE} if Logback does not write it
	 */
	static ClusterLogFile takeOver(String logFile, Long predecessor) {
		if (logFile == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return NONE;
		}
		return takeOver(context, logFile, predecessor);
	}

	/**
	 * Takes the file appender of a log file over from the root logger of a context.
	 * @param context the logging context
	 * @param logFile the log file
	 * @param predecessor the pid of the master this one replaces, or {@code null}
	 * @return the log file, or {@link ClusterLogFile#NONE} if no appender of the root
	 * logger writes it
	 */
	static ClusterLogFile takeOver(LoggerContext context, String logFile, Long predecessor) {
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		FileAppender<ILoggingEvent> file = fileAppender(root, new File(logFile).getAbsoluteFile());
		return (file != null) ? new LogbackClusterLogFile(root, file, predecessor) : NONE;
	}

	private static FileAppender<ILoggingEvent> fileAppender(Logger root, File logFile) {
		for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			if (appenders.next() instanceof FileAppender<ILoggingEvent> file && file.isStarted()
					&& file.getFile() != null && new File(file.getFile()).getAbsoluteFile().equals(logFile)) {
				return file;
			}
		}
		return null;
	}

	private static ILoggingEvent droppedReport(long lost) {
		LoggingEvent event = new LoggingEvent();
		event.setLoggerName(LOGGER_NAME);
		event.setLevel(Level.WARN);
		event.setThreadName("cluster-log-file");
		event.setMessage(lost + " line(s) dropped from the log file: it could not be written");
		event.setTimeStamp(System.currentTimeMillis());
		event.setMDCPropertyMap(Map.of());
		return event;
	}

	@Override
	public boolean isWritten() {
		return true;
	}

	@Override
	public void write(String line) {
		this.writer.offer(new RelayedLine(line));
	}

	/**
	 * Returns how many lines were dropped since the last report of it.
	 * @return the number of lines
	 */
	long dropped() {
		return this.writer.dropped();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.writer.drain(DRAIN_TIMEOUT)) {
			// the master's last lines, as it exits, go to the file directly
			this.root.addAppender(this.file);
		}
		this.root.detachAppender(this.queueing);
		this.queueing.stop();
	}

	/**
	 * Writes the queued events through the file appender, once the file is this master's.
	 */
	private record FileOutput(FileAppender<ILoggingEvent> file, Long predecessor)
			implements NonBlockingWriter.Output<ILoggingEvent> {

		@Override
		public void open() throws Exception {
			if (this.predecessor != null) {
				ProcessHandle.of(this.predecessor).ifPresent((old) -> old.onExit().join());
				reopen(this.file);
			}
		}

		/**
		 * Opens the file anew once the old master is gone: it may have rolled the file
		 * over since this master opened it. A rolling policy counts the files rolled so far
		 * when it starts: it starts again, or this master's next rollover would take the
		 * name of a file the old master rolled meanwhile, and replace it.
		 */
		private static void reopen(FileAppender<ILoggingEvent> file) {
			file.stop();
			if (file instanceof RollingFileAppender<ILoggingEvent> rolling) {
				RollingPolicy rollingPolicy = rolling.getRollingPolicy();
				TriggeringPolicy<ILoggingEvent> triggeringPolicy = rolling.getTriggeringPolicy();
				rollingPolicy.stop();
				if (triggeringPolicy != rollingPolicy) {
					triggeringPolicy.stop();
				}
				rollingPolicy.start();
				if (triggeringPolicy != rollingPolicy) {
					triggeringPolicy.start();
				}
			}
			file.start();
		}

		@Override
		public void write(ILoggingEvent event) {
			this.file.doAppend(event);
		}

	}

	/**
	 * Queues the master's own events for the file in place of its appender.
	 */
	private static final class QueueingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private final NonBlockingWriter<ILoggingEvent> writer;

		QueueingAppender(NonBlockingWriter<ILoggingEvent> writer) {
			this.writer = writer;
		}

		@Override
		protected void append(ILoggingEvent event) {
			event.prepareForDeferredProcessing();
			this.writer.offer(event);
		}

	}

	/**
	 * A worker's line as the master relays it. It is at level {@code ERROR} so that a
	 * threshold of the file ({@code logging.threshold.file}) lets it through: the worker
	 * applied its own levels already.
	 */
	static final class RelayedLine extends LoggingEvent {

		RelayedLine(String line) {
			setLoggerName(LOGGER_NAME);
			setLevel(Level.ERROR);
			setMessage(line);
			setTimeStamp(System.currentTimeMillis());
			setMDCPropertyMap(Map.of());
		}

	}

	/**
	 * Writes a relayed line as it is, and the master's own events as the file's encoder
	 * does (a pattern, a structured format).
	 */
	static final class RelayedLineEncoder extends EncoderBase<ILoggingEvent> {

		private final Encoder<ILoggingEvent> encoder;

		private final Charset charset;

		RelayedLineEncoder(Encoder<ILoggingEvent> encoder) {
			this.encoder = encoder;
			this.charset = (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping
					&& wrapping.getCharset() != null) ? wrapping.getCharset() : StandardCharsets.UTF_8;
			this.started = true;
		}

		@Override
		public byte[] headerBytes() {
			return this.encoder.headerBytes();
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			if (event instanceof RelayedLine) {
				return (event.getMessage() + System.lineSeparator()).getBytes(this.charset);
			}
			return this.encoder.encode(event);
		}

		@Override
		public byte[] footerBytes() {
			return this.encoder.footerBytes();
		}

	}

}
